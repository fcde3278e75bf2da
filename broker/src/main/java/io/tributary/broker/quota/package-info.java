/**
 * Client quotas enforced on this broker: {@link io.tributary.broker.quota.ClientQuotaManager} resolves the
 * {@code producer_byte_rate} / {@code consumer_byte_rate} of a request's (user, client id) from the metadata image's
 * client quotas by Kafka's precedence and measures the rate ({@code RateWindow}: {@code quota.window.num} samples of
 * {@code quota.window.size.seconds}); {@link io.tributary.broker.quota.ThrottledHandler} wraps Produce and Fetch and
 * puts the throttle time into their responses, which the connection then honours by not reading for that long.
 */
package io.tributary.broker.quota;
