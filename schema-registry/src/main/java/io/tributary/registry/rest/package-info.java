/**
 * Confluent's REST API on Jetty: routing and error bodies ({@link io.tributary.registry.rest.RestHandler}), the
 * routes ({@link io.tributary.registry.rest.RegistryRoutes}), forwarding writes to the writer.
 */
package io.tributary.registry.rest;
