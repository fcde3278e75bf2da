/**
 * A Jakarta Messaging 3.1 provider over kafka-clients: a Queue is a topic consumed through a share group, a Topic is
 * a topic read by an assigned consumer (from its end, or from a durable subscription's committed offsets) or by a
 * share group (shared subscriptions). Data flows application → {@code TributaryMessageProducer} → record
 * ({@code message.MessageCodec}) → KafkaProducer, and KafkaShareConsumer/KafkaConsumer → {@code RecordSource} →
 * {@code TributaryMessageConsumer} (expiry, delay, selector, acknowledge mode) → receive or the session's listener
 * thread. See the module README for the mapping, record format and deviations.
 */
package io.tributary.jms;
