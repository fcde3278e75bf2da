package io.tributary.registry.serde;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON schema {@link KafkaJsonSchemaSerializer} writes instances of the annotated class with (registered or
 * looked up under the subject, as {@code auto.register.schemas} says). Confluent's own annotation,
 * {@code io.confluent.kafka.schemaregistry.annotations.Schema(value, refs)}, is read the same way when a class
 * carries it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JsonSchemaDefinition {

    /** The schema's text. */
    String value();

    /** The registered schemas its {@code $ref}s name. */
    Ref[] refs() default {};

    /** A reference: the URL the {@code $ref}s use, and the subject and version holding that schema. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Ref {
        String name();

        String subject();

        int version();
    }
}
