package io.tributary.broker;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.RequestHeaderData;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/** Sends single requests of a chosen version over a socket, for APIs or versions Admin no longer sends. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private int correlationId;

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket("127.0.0.1", address.getPort());
        socket.setSoTimeout(15_000);
    }

    ApiMessage send(ApiMessage body, short version) throws IOException {
        ApiKey api = ApiKey.forId(body.apiKey());
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id()).setRequestApiVersion(version)
                .setCorrelationId(++correlationId).setClientId("raw-test");
        ByteBuffer frame = RequestFrame.encode(header, body);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return ResponseFrame.decodeBody(ByteBuffer.wrap(response), api, version);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
