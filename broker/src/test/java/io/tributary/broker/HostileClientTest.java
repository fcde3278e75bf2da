package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input over a real socket: oversized frames, garbage, unknown APIs and truncated requests close that
 * connection only; the broker keeps answering everyone else.
 */
class HostileClientTest {

    @TempDir
    static Path dir;

    private static BrokerServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        int controller;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            controller = a.getLocalPort();
            port = b.getLocalPort();
        }
        server = new BrokerServer(BrokerConfig.from(Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port
                + ",CONTROLLER://127.0.0.1:" + controller, "log.dirs", dir.resolve("data").toString(),
                "socket.request.max.bytes", "1048576")));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends bytes, then reports whether the broker closed the connection (read returns EOF). */
    private static boolean closesAfter(byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
            return true;   // reset by the broker
        }
    }

    /** An ApiVersions v3 request and its answer's correlation id: the broker still works. */
    private static int apiVersionsCorrelation(int correlationId) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] clientId = "probe".getBytes();
            // header v2: key, version, correlation id, client id (int16 string), tagged fields;
            // body v3: compact strings client software name and version, tagged fields
            int size = 2 + 2 + 4 + 2 + clientId.length + 1 + 1 + 1 + 1;
            out.writeInt(size);
            out.writeShort(18);
            out.writeShort(3);
            out.writeInt(correlationId);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.writeByte(0);
            out.writeByte(1);   // empty compact string
            out.writeByte(1);
            out.writeByte(0);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int length = in.readInt();
            int correlation = in.readInt();
            in.skipBytes(length - 4);
            return correlation;
        }
    }

    @Test
    void oversizedFramesGarbageAndUnknownApisCloseOnlyThatConnection() throws IOException {
        assertThat(closesAfter(new byte[] {0x7f, 0, 0, 0, 1, 2, 3})).as("2 GB frame").isTrue();
        assertThat(closesAfter(new byte[] {0, 0, 0, 8, 0x7f, 0x7f, 0, 0, 0, 0, 0, 1})).as("unknown api").isTrue();
        byte[] garbage = new byte[200];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0;
        garbage[1] = 0;
        garbage[2] = 0;
        garbage[3] = (byte) 196;
        garbage[4] = 0;
        garbage[5] = 3;   // Metadata
        garbage[6] = 0;
        garbage[7] = 12;
        assertThat(closesAfter(garbage)).as("garbage Metadata body").isTrue();
        assertThat(apiVersionsCorrelation(77)).as("the broker still answers").isEqualTo(77);
    }

    @Test
    void anUnknownApiVersionsVersionIsAnsweredSoTheClientCanDowngrade() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2);
            out.writeShort(18);
            out.writeShort(99);
            out.writeInt(5);
            out.writeShort(-1);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int length = in.readInt();
            assertThat(in.readInt()).isEqualTo(5);
            assertThat(in.readShort()).as("UNSUPPORTED_VERSION").isEqualTo((short) 35);
            assertThat(length).isGreaterThan(10);
        }
    }
}
