package io.tributary.connect.distributed;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What a follower asks of the group's leader over its REST API on its own behalf (not a client's request, which
 * the REST layer forwards): the zombie fencing before an exactly-once source task starts, {@code PUT
 * /connectors/{name}/fence} — the internal route Apache's followers call.
 */
final class LeaderClient {

    /** The leader could not do it now (no answer, a rebalance, it is not the leader any more): try again. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message);
        }
    }

    private final HttpClient http;

    /** @param http a client builder with the worker's REST TLS ({@code RestTls.httpClient()}) */
    LeaderClient(HttpClient.Builder http) {
        this.http = http.connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void fence(String leaderUrl, String connector) {
        String base = leaderUrl.endsWith("/") ? leaderUrl.substring(0, leaderUrl.length() - 1) : leaderUrl;
        URI uri = URI.create(base + "/connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/fence?forward=false");
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("Accept", "application/json").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetryLater("Forwarding the zombie fencing request to the leader at " + leaderUrl
                    + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while asking the leader to fence zombies of " + connector);
        }
        int status = answer.statusCode();
        if (status / 100 == 2) {
            return;
        }
        if (status == 409 || status >= 500) {
            throw new RetryLater("The leader at " + leaderUrl + " answered " + status + " " + answer.body());
        }
        throw new ConnectException("The leader at " + leaderUrl + " refused to fence the zombies of connector "
                + connector + ": " + status + " " + answer.body());
    }
}
