package io.tributary.cluster.metadata;

/** Bytes that are not a valid metadata record, batch or snapshot (unknown type or version, truncation, bad CRC). */
public final class MetadataFormatException extends RuntimeException {
    public MetadataFormatException(String message) {
        super(message);
    }

    public MetadataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
