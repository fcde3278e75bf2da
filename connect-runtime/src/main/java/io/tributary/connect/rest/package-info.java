/**
 * Kafka Connect's REST API on Jetty 12 core handlers: the server and its listeners
 * ({@link io.tributary.connect.rest.ConnectRestServer}), routing and error bodies
 * ({@link io.tributary.connect.rest.RestHandler}), the routes over the
 * {@link io.tributary.connect.herder.Herder}, forwarding to the leader, and the log levels of
 * {@code /admin/loggers} ({@link io.tributary.connect.rest.LoggerLevels}).
 */
package io.tributary.connect.rest;
