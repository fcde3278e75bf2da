/**
 * Security of the Kafka listeners: who a connection is ({@link io.tributary.broker.security.KafkaPrincipal}, from
 * TLS or SASL) and what that principal may do. Handlers see the principal in their request context.
 */
package io.tributary.broker.security;
