package io.tributary.protocol.generator;

import java.util.List;

/** A named struct: one of a message's {@code commonStructs} or a struct declared inline by a field. */
public record StructSpec(String name, List<FieldSpec> fields) {
}
