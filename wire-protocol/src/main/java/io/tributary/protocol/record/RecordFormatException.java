package io.tributary.protocol.record;

/**
 * Root of the errors raised while reading record bytes that came from outside the process.
 *
 * <p>Every failure to frame, decompress or decode a record batch surfaces as one of the two
 * subtypes, never as a {@code BufferUnderflowException}, {@code IndexOutOfBoundsException} or a
 * codec library's own exception, so the broker can map it to one Kafka error code per partition:
 * <ul>
 *   <li>{@link UnsupportedMagicException}: a well-framed batch in a message format this broker
 *       does not speak (magic 0 or 1);</li>
 *   <li>{@link CorruptRecordException}: anything else that is wrong with the bytes.</li>
 * </ul>
 */
public abstract sealed class RecordFormatException extends RuntimeException
        permits CorruptRecordException, UnsupportedMagicException {

    RecordFormatException(String message) {
        super(message);
    }

    RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
