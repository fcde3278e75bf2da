package io.tributary.jms;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a {@link RecordSource} handed out, with the delivery count the JMS message reports (JMSXDeliveryCount)
 * and the source's handle for settling it.
 */
record Delivery(ConsumerRecord<byte[], byte[]> record, int deliveryCount, Object handle) {
}
