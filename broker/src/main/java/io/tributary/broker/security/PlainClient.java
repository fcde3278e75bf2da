package io.tributary.broker.security;

import java.nio.charset.StandardCharsets;

/** PLAIN (RFC 4616): one token, {@code \0user\0password}; the server's answer ends the login. */
final class PlainClient implements SaslClientMechanism {

    private final String user;
    private final String password;
    private boolean sent;

    PlainClient(String user, String password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public byte[] initialResponse() {
        sent = true;
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return sent;
    }
}
