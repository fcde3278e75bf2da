package io.tributary.compat;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A specific Avro record written by hand, as avro-maven-plugin would generate it (schema, field access by index),
 * for the serdes' specific-record path.
 */
public class Payment extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Payment\","
            + "\"namespace\":\"io.tributary.compat\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"cents\",\"type\":\"long\"}]}");

    private CharSequence id;
    private long cents;

    public Payment() {
    }

    public Payment(String id, long cents) {
        this.id = id;
        this.cents = cents;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return field == 0 ? id : cents;
    }

    @Override
    public void put(int field, Object value) {
        if (field == 0) {
            id = (CharSequence) value;
        } else {
            cents = (Long) value;
        }
    }

    public String id() {
        return id.toString();
    }

    public long cents() {
        return cents;
    }
}
