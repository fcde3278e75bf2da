package io.tributary.compat;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.RequestHeaderData;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A bare TCP connection to a broker for sending bytes no well-behaved client would: whole frames as built by the
 * test, or any bytes at all. Reads are bounded by a 15 s socket timeout, so a broker that neither answers nor
 * closes fails the test instead of hanging it.
 */
final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private int correlationId;

    RawConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(15_000);
        in = new DataInputStream(socket.getInputStream());
    }

    /** Writes these bytes as they are. */
    RawConnection send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Writes the remaining bytes of a buffer (a size-prefixed frame from {@code RequestFrame.encode}). */
    RawConnection send(ByteBuffer frame) throws IOException {
        ByteBuffer copy = frame.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return send(bytes);
    }

    /**
     * Sends one request (built with wire-protocol's message classes) in this version and decodes its answer.
     *
     * @throws AssertionError if the answer carries another correlation id
     */
    ApiMessage request(ApiMessage body, short version) throws IOException {
        ApiKey api = ApiKey.forId(body.apiKey());
        int correlation = ++correlationId;
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id()).setRequestApiVersion(version)
                .setCorrelationId(correlation).setClientId("compat-raw");
        ByteBuffer frame = send(RequestFrame.encode(header, body)).readFrame();
        if (frame.getInt(0) != correlation) {
            throw new AssertionError("answer to correlation id " + frame.getInt(0) + ", expected " + correlation);
        }
        return ResponseFrame.decodeBody(frame, api, version);
    }

    /** Reads one response frame and returns what follows its size prefix. */
    ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /**
     * Whether the broker closed the connection (end of stream or reset) without sending anything back.
     *
     * @throws AssertionError if it sent bytes or neither answered nor closed within the socket timeout
     */
    boolean closedByBroker() throws IOException {
        try {
            int b = in.read();
            if (b != -1) {
                throw new AssertionError("the broker answered (first byte " + b + ") instead of closing");
            }
            return true;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker neither answered nor closed the connection within 15 s", e);
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
