/**
 * Whole requests and responses as they cross a connection: size prefix, header (version chosen per API
 * version as Kafka does), body. The broker's network layer calls {@link io.tributary.protocol.frame.RequestFrame#decode}
 * on each frame and {@link io.tributary.protocol.frame.ResponseFrame#encodeChunks} for each answer (record sets by reference, for
 * {@code sendfile}; {@link io.tributary.protocol.frame.ResponseFrame#encode} copies them into one buffer).
 */
package io.tributary.protocol.frame;
