/**
 * Security of the Kafka listeners: who a connection is ({@link io.tributary.broker.security.KafkaPrincipal}, from
 * TLS or SASL) and what that principal may do. Handlers see the principal in their request context.
 *
 * <p>SCRAM (SCRAM-SHA-256/512): {@link io.tributary.broker.security.ScramServer} checks one login against the
 * credentials of the metadata log ({@link io.tributary.broker.security.ImageScramCredentials}); the SASL layer makes
 * one per login with {@link io.tributary.broker.security.ScramServerFactory} and feeds it the client's tokens.
 */
package io.tributary.broker.security;
