/**
 * SASL/OAUTHBEARER on the Kafka listeners (RFC 7628, Kafka's KIP-255 and KIP-768): a client presents a signed JWT
 * access token; the broker checks it against the identity provider's public keys and the listener's expectations,
 * and the connection becomes {@code User:<subject>}.
 *
 * <p>Data flows one way: {@link io.tributary.broker.security.oauthbearer.OAuthBearerValidation} reads a listener's
 * {@code sasl.oauthbearer.*} settings and starts a
 * {@link io.tributary.broker.security.oauthbearer.RefreshingJwks} (the JWKS document, re-read off the event loops);
 * each login gets an {@link io.tributary.broker.security.oauthbearer.OAuthBearerServer}, which parses the client's
 * message ({@link io.tributary.broker.security.oauthbearer.ClientInitialResponse}) and asks the
 * {@link io.tributary.broker.security.oauthbearer.JwtValidator}, which verifies the signature with the JDK
 * ({@link io.tributary.broker.security.oauthbearer.JwsAlgorithm}) and then the claims.
 */
package io.tributary.broker.security.oauthbearer;
