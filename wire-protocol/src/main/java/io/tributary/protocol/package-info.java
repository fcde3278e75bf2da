/**
 * The Kafka protocol codec: primitive encodings ({@link io.tributary.protocol.ProtocolReader},
 * {@link io.tributary.protocol.ProtocolWriter}, {@link io.tributary.protocol.WireSizes}), the message
 * contract ({@link io.tributary.protocol.Message}) that the generated classes of
 * {@code io.tributary.protocol.message} implement, and the error-code table ({@link io.tributary.protocol.Errors}).
 * No I/O and no threads: bytes in, objects out, and back.
 */
package io.tributary.protocol;
