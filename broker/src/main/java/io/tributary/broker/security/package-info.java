/**
 * Security of the Kafka listeners: who a connection is ({@link io.tributary.broker.security.KafkaPrincipal}, from
 * TLS or SASL) and what that principal may do. Handlers see the principal in their request context.
 *
 * <p>SCRAM (SCRAM-SHA-256/512): {@link io.tributary.broker.security.ScramServer} checks one login against the
 * credentials of the metadata log ({@link io.tributary.broker.security.ImageScramCredentials}); the SASL layer makes
 * one per login with {@link io.tributary.broker.security.ScramServerFactory} and feeds it the client's tokens.
 *
 * <p>OAUTHBEARER (signed JWTs checked against a JWKS) lives in {@code security.oauthbearer};
 * {@link io.tributary.broker.security.SaslMechanisms} offers it on listeners that enable it.
 *
 * <p>Authorization: {@link io.tributary.broker.security.Authorizer} is the question a handler asks;
 * {@link io.tributary.broker.security.StandardAuthorizer} answers it with Kafka's StandardAuthorizer semantics
 * ({@code super.users}, the ACLs of the metadata image arranged by {@code AclIndex}, a {@code DecisionCache} per
 * set of ACLs), configured by {@link io.tributary.broker.security.AuthorizerConfig}. ACLs flow one way: CreateAcls /
 * DeleteAcls → controller → metadata log → every broker's image → a new index and an empty cache here.
 */
package io.tributary.broker.security;
