package io.tributary.broker.network;

import io.tributary.broker.security.KafkaPrincipal;
import io.tributary.broker.security.SaslAuthentication;
import io.tributary.protocol.message.ApiKey;
import java.net.SocketAddress;

/**
 * One client connection as handlers see it: the listener it came in on (Metadata answers with that listener's
 * endpoints), who it authenticated as (ANONYMOUS until TLS or SASL says otherwise), and — on a SASL listener — its
 * SASL exchange. Changed on the connection's event loop; read by handlers on any thread after the request was handed
 * to them.
 */
public final class ClientSession {

    private final ListenerConfig listener;
    private final SocketAddress peer;
    private final SaslAuthentication sasl;
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;
    private boolean closeAfterAnswer;

    public ClientSession(ListenerConfig listener, SocketAddress peer, SaslAuthentication sasl) {
        this.listener = listener;
        this.peer = peer;
        this.sasl = sasl;
    }

    public ListenerConfig listener() {
        return listener;
    }

    public String listenerName() {
        return listener.name();
    }

    public SocketAddress peer() {
        return peer;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    public void authenticated(KafkaPrincipal who) {
        this.principal = who;
    }

    /** The SASL exchange; null on a listener without SASL. */
    public SaslAuthentication sasl() {
        return sasl;
    }

    /**
     * Whether {@code api} may be served now: before SASL completes, while re-authenticating, and once the session
     * expired (KIP-368), only ApiVersions and the SASL APIs.
     */
    boolean mayServe(ApiKey api) {
        boolean saslApi = api == ApiKey.API_VERSIONS || api == ApiKey.SASL_HANDSHAKE
                || api == ApiKey.SASL_AUTHENTICATE;
        if (sasl == null || saslApi) {
            return true;
        }
        return sasl.state() == SaslAuthentication.State.COMPLETE && !sasl.expired();
    }

    /** Why a request {@link #mayServe} refused was refused, for the log. */
    String refusal() {
        return sasl != null && sasl.expired() ? "its SASL session ended (connections.max.reauth.ms) and it did not"
                + " re-authenticate" : "it has not completed SASL authentication";
    }

    /** Asks the connection to close once the current answer is written (a failed authentication). */
    public void closeAfterAnswer() {
        closeAfterAnswer = true;
    }

    boolean closingAfterAnswer() {
        return closeAfterAnswer;
    }
}
