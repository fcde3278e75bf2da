package io.tributary.connect.rest;

import static io.tributary.connect.rest.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A follower whose herder throws NotLeaderException: its requests are answered by the leader (a second real server,
 * or a recording stand-in to see exactly what was sent), never forwarded twice.
 */
class ForwardingTest {

    private final InMemoryHerder leaderHerder = new InMemoryHerder("leader:8083");
    private final InMemoryHerder followerHerder = new InMemoryHerder("follower:8083");
    private ConnectRestServer leader;
    private ConnectRestServer follower;
    private TestClient client;

    @BeforeEach
    void start() {
        leader = new ConnectRestServer(leaderHerder, RestConfig.of("http://127.0.0.1:0"));
        leader.start();
        leader.markReady();
        follower = new ConnectRestServer(followerHerder, new RestConfig(List.of("http://127.0.0.1:0"), null, null,
                null, true, true, RestConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), RestTls.none(), null));
        follower.start();
        follower.markReady();
        followerHerder.notLeader(leader.advertisedUrl().toString());
        client = new TestClient("http://127.0.0.1:" + follower.port());
    }

    @AfterEach
    void stop() {
        follower.stop();
        leader.stop();
    }

    private static Map<String, Object> createBody(String name) {
        return Map.of("name", name, "config", Map.of("connector.class", InMemoryHerder.SOURCE, "file", "f"));
    }

    @Test
    void aWriteOnAFollowerIsAnsweredByTheLeader() {
        TestClient.Answer created = client.post("/connectors", json(createBody("fwd")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("fwd");
        // Location names the worker the client asked, not the leader.
        assertThat(created.header("Location")).isEqualTo("http://127.0.0.1:" + follower.port() + "/connectors/fwd");
        assertThat(followerHerder.calls).contains("putConnectorConfig fwd false");
        assertThat(leaderHerder.calls).contains("putConnectorConfig fwd false");
        assertThat(leaderHerder.connectors()).containsExactly("fwd");
    }

    @Test
    void theLeadersStatusAndBodyAreRelayed() {
        client.post("/connectors", json(createBody("fwd")));

        TestClient.Answer again = client.post("/connectors", json(createBody("fwd")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("Connector fwd already exists");

        TestClient.Answer restart = client.post("/connectors/fwd/restart?includeTasks=true&onlyFailed=false", null);
        assertThat(restart.status()).isEqualTo(202);
        assertThat(restart.json().get("connector").get("worker_id").asText()).isEqualTo("leader:8083");
        assertThat(leaderHerder.calls).contains("restartConnector fwd true false");

        TestClient.Answer deleted = client.delete("/connectors/fwd");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(leaderHerder.connectors()).isEmpty();
    }

    @Test
    void theSameMethodPathQueryAndBodyReachTheLeaderWithForwardFalse() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recorder.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(body, StandardCharsets.UTF_8));
            byte[] answer = "{\"message\":\"from the recorder\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        recorder.start();
        try {
            followerHerder.notLeader("http://127.0.0.1:" + recorder.getAddress().getPort());
            String body = "{\"offsets\":[{\"partition\":{\"filename\":\"f\"},\"offset\":{\"position\":7}}]}";

            TestClient.Answer answer = client.patch("/connectors/c/offsets?forward=true&x=1", body);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("message").asText()).isEqualTo("from the recorder");
            assertThat(seen).containsExactly("PATCH /connectors/c/offsets?x=1&forward=false application/json " + body);
        } finally {
            recorder.stop(0);
        }
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() {
        // The follower believes itself the leader's target: forwarding to itself comes back with forward=false.
        followerHerder.notLeader(follower.advertisedUrl().toString());
        TestClient.Answer answer = client.put("/connectors/c/pause", null);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("message").asText())
                .isEqualTo("Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        assertThat(followerHerder.calls).containsExactly("pauseConnector c", "pauseConnector c");
    }

    @Test
    void forwardFalseOnTheRequestIs409() {
        TestClient.Answer answer = client.post("/connectors?forward=false", json(createBody("x")));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(leaderHerder.calls).isEmpty();
    }

    @Test
    void noKnownLeaderIs409() {
        followerHerder.notLeader(null);
        TestClient.Answer answer = client.delete("/connectors/x");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("message").asText()).isEqualTo("Cannot complete request momentarily due to no "
                + "known leader URL, likely because a rebalance was underway.");
    }

    @Test
    void anUnreachableLeaderIs500() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        followerHerder.notLeader("http://127.0.0.1:" + closedPort + "/");
        TestClient.Answer answer = client.put("/connectors/c/stop", null);
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json().get("message").asText()).startsWith("IO Error trying to forward REST request: ");
    }

    @Test
    void readsAreServedLocally() {
        assertThat(client.get("/connectors").status()).isEqualTo(200);
        assertThat(leaderHerder.calls).isEmpty();
    }
}
