/**
 * A Jakarta Messaging 3.1 provider over kafka-clients: a Queue is a topic consumed through a share group, a Topic is
 * a topic read by consumer groups (durable subscriptions) or from its end (non-durable subscribers).
 */
package io.tributary.jms;
