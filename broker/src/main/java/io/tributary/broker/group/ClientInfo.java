package io.tributary.broker.group;

/**
 * Who sent a group request, as DescribeGroups reports it, and in which API version.
 *
 * @param clientId   the request header's client id
 * @param clientHost the peer address, as Kafka shows it ({@code /127.0.0.1})
 * @param apiVersion the version of the request
 */
public record ClientInfo(String clientId, String clientHost, short apiVersion) {
}
