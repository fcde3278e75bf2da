/**
 * The JMS message types and their record format: what a message is in memory (headers, typed properties, a body
 * with its read-only/write-only modes and conversions) and, through {@link io.tributary.jms.message.MessageCodec},
 * the Kafka record it is sent as and received from. No Kafka client objects here beyond the record types.
 */
package io.tributary.jms.message;
