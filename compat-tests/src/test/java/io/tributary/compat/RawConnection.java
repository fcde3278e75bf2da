package io.tributary.compat;

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
