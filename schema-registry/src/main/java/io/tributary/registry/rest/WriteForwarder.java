package io.tributary.registry.rest;

import io.tributary.registry.RegistryException;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.election.Writer;
import io.tributary.registry.election.WriterElection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends each write to the elected writer: runs it here when this instance is the writer, else forwards the request
 * unchanged over HTTP and, once the writer answered, waits until this instance has read the write back, so the
 * caller reads what it wrote from either instance.
 */
public final class WriteForwarder implements RegistryRoutes.Writes {

    /** Marks a forwarded request: the receiver must write it itself, never forward it again. */
    static final String FORWARDED_HEADER = "X-Tributary-Registry-Forwarded";

    private final WriterElection election;
    private final SchemaRegistry registry;
    private final long electionWaitMs;
    private final long forwardTimeoutMs;
    private final HttpClient http;

    /**
     * @param electionWaitMs   how long a write waits for a writer to be elected at all
     * @param forwardTimeoutMs how long a forwarded write waits for the writer's answer: a writer silent for a
     *                         session is replaced anyway, so the caller gets 50003 and retries with the new one
     * @param tls              how to reach an https writer (this instance's own stores), or null for http
     */
    public WriteForwarder(WriterElection election, SchemaRegistry registry, long electionWaitMs,
                          long forwardTimeoutMs, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.http = (tls == null ? builder : builder.sslContext(tls)).build();
        this.election = election;
        this.registry = registry;
        this.electionWaitMs = electionWaitMs;
        this.forwardTimeoutMs = forwardTimeoutMs;
    }

    @Override
    public Object write(HttpCall call, Route.Action local) throws Exception {
        Optional<Writer> writer = election.awaitWriter(electionWaitMs);
        if (writer.isEmpty()) {
            throw RegistryException.unknownLeader("Unknown leader: no schema registry instance is elected to "
                    + "write (is any instance leader.eligibility=true?)");
        }
        if (election.isWriter()) {
            return local.answer(call);
        }
        if (call.headers().containsKey(FORWARDED_HEADER.toLowerCase(java.util.Locale.ROOT))) {
            throw RegistryException.unknownLeader("This instance is not the writer any more (now: "
                    + writer.get().url() + "); retry");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(writer.get().url() + call.target()))
                .timeout(Duration.ofMillis(forwardTimeoutMs))
                .header("Content-Type", call.headers().getOrDefault("content-type", RestHandler.CONTENT_TYPE))
                .header(FORWARDED_HEADER, "true")
                .method(call.method(), call.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        String auth = call.headers().get("authorization");
        if (auth != null) {
            request.header("Authorization", auth);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RegistryException.forwardingFailed("Error while forwarding the request to the leader "
                    + writer.get().url() + ": " + e);
        }
        if (answer.statusCode() == 200) {
            registry.catchUp();
        }
        return new Forwarded(answer.statusCode(), answer.body());
    }
}
