package io.tributary.broker;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.broker.security.AuthenticationFailure;
import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.broker.security.SaslClientMechanism;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.RequestHeaderData;
import io.tributary.protocol.message.SaslAuthenticateRequestData;
import io.tributary.protocol.message.SaslAuthenticateResponseData;
import io.tributary.protocol.message.SaslHandshakeRequestData;
import io.tributary.protocol.message.SaslHandshakeResponseData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * One blocking connection from this broker to another node's Kafka listener, carrying Kafka requests framed as any
 * client frames them (4-byte size, request header, body; the answer: size, correlation id, body), one at a time.
 * Used by one thread at a time (the controller channel's, a replica fetcher's). Any failure leaves it unusable:
 * the caller closes it and connects afresh. On a secured inter-broker listener it speaks TLS and logs in with SASL
 * ({@link InterBrokerSecurity}) before its first request, and logs in again on the same connection before the
 * session the broker granted ends (KIP-368), as Kafka's clients do.
 */
public final class KafkaSocket implements AutoCloseable {

    /** Re-authenticate this long before the session ends (or at 90 % of a short one), so no request meets its end. */
    private static final long REAUTH_MARGIN_MS = 10_000;

    private final Socket socket;
    private final String clientId;
    private final int maxResponseBytes;
    private final InterBrokerSecurity security;
    private int correlationId;
    private boolean sessionEnds;
    private long reauthenticateAtNanos;

    private KafkaSocket(Socket socket, String clientId, int maxResponseBytes, InterBrokerSecurity security) {
        this.socket = socket;
        this.clientId = clientId;
        this.maxResponseBytes = maxResponseBytes;
        this.security = security;
    }

    /**
     * Connects within {@code timeoutMs} over plain TCP; every later answer must also arrive within it.
     *
     * @param maxResponseBytes the largest answer accepted (a larger size prefix means a broken stream)
     */
    public static KafkaSocket connect(InetSocketAddress address, String clientId, int timeoutMs,
                                      int maxResponseBytes) throws IOException {
        return connect(address, clientId, timeoutMs, maxResponseBytes, InterBrokerSecurity.plaintext());
    }

    /** Connects as the method above does, secured and logged in as {@code security} says. */
    public static KafkaSocket connect(InetSocketAddress address, String clientId, int timeoutMs,
                                      int maxResponseBytes, InterBrokerSecurity security) throws IOException {
        KafkaSocket s = new KafkaSocket(security.open(address, timeoutMs), clientId, maxResponseBytes, security);
        try {
            s.login();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** SaslHandshake then SaslAuthenticate rounds until both sides are done; nothing without SASL. */
    private void login() throws IOException {
        if (security.saslMechanism().isEmpty()) {
            return;
        }
        String mechanism = security.saslMechanism().get();
        SaslHandshakeResponseData handshake = (SaslHandshakeResponseData) send(
                new SaslHandshakeRequestData().setMechanism(mechanism), (short) 1);
        if (handshake.errorCode() != Errors.NONE.code()) {
            throw new IOException("SASL handshake for " + mechanism + " refused: " + Errors.forCode(
                    handshake.errorCode()) + " (enabled there: " + handshake.mechanisms() + ")");
        }
        SaslClientMechanism login = security.newLogin();
        byte[] token = login.initialResponse();
        while (true) {
            SaslAuthenticateResponseData answer = (SaslAuthenticateResponseData) send(
                    new SaslAuthenticateRequestData().setAuthBytes(token), (short) 2);
            if (answer.errorCode() != Errors.NONE.code()) {
                throw new IOException("SASL " + mechanism + " login refused: " + Errors.forCode(answer.errorCode())
                        + (answer.errorMessage() == null ? "" : " " + answer.errorMessage()));
            }
            try {
                token = login.evaluate(answer.authBytes() == null ? new byte[0] : answer.authBytes());
            } catch (AuthenticationFailure e) {
                throw new IOException("SASL " + mechanism + " login: " + e.getMessage());
            }
            if (login.isComplete()) {
                long lifetime = answer.sessionLifetimeMs();
                sessionEnds = lifetime > 0;
                reauthenticateAtNanos = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                        lifetime > 10 * REAUTH_MARGIN_MS ? lifetime - REAUTH_MARGIN_MS : lifetime * 9 / 10);
                return;
            }
        }
    }

    /** Sends {@code request} in {@code version} and reads its answer (logging in again first when it is time). */
    public ApiMessage exchange(ApiMessage request, short version) throws IOException {
        if (sessionEnds && System.nanoTime() - reauthenticateAtNanos >= 0) {
            login();
        }
        return send(request, version);
    }

    private ApiMessage send(ApiMessage request, short version) throws IOException {
        ApiKey api = ApiKey.forId(request.apiKey());
        int correlation = ++correlationId;
        ByteBuffer frame = RequestFrame.encode(new RequestHeaderData().setRequestApiKey(api.id())
                .setRequestApiVersion(version).setCorrelationId(correlation).setClientId(clientId), request);
        OutputStream out = socket.getOutputStream();
        if (frame.hasArray()) {
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        } else {
            byte[] bytes = new byte[frame.remaining()];
            frame.duplicate().get(bytes);
            out.write(bytes);
        }
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size = in.readInt();
        if (size < 4 || size > maxResponseBytes) {
            throw new IOException("answer of " + size + " bytes");
        }
        byte[] body = new byte[size];
        in.readFully(body);
        ByteBuffer response = ByteBuffer.wrap(body);
        if (response.getInt(0) != correlation) {
            throw new IOException("answer to correlation id " + response.getInt(0) + ", expected " + correlation);
        }
        return ResponseFrame.decodeBody(response, api, version);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
