package io.tributary.broker;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.RequestHeaderData;
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
 * the caller closes it and connects afresh.
 */
public final class KafkaSocket implements AutoCloseable {

    private final Socket socket;
    private final String clientId;
    private final int maxResponseBytes;
    private int correlationId;

    private KafkaSocket(Socket socket, String clientId, int maxResponseBytes) {
        this.socket = socket;
        this.clientId = clientId;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Connects within {@code timeoutMs}; every later answer must also arrive within it.
     *
     * @param maxResponseBytes the largest answer accepted (a larger size prefix means a broken stream)
     */
    public static KafkaSocket connect(InetSocketAddress address, String clientId, int timeoutMs,
                                      int maxResponseBytes) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMs);
            s.setSoTimeout(timeoutMs);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new KafkaSocket(s, clientId, maxResponseBytes);
    }

    /** Sends {@code request} in {@code version} and reads its answer. */
    public ApiMessage exchange(ApiMessage request, short version) throws IOException {
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
