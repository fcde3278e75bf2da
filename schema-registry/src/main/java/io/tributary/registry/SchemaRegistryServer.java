package io.tributary.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.rest.RegistryRoutes;
import io.tributary.registry.rest.RequestMetrics;
import io.tributary.registry.rest.RestHandler;
import io.tributary.registry.rest.RestServer;
import io.tributary.registry.rest.WriteForwarder;
import io.tributary.registry.election.WriterElection;
import io.tributary.registry.schema.AvroSchemaParser;
import io.tributary.registry.schema.json.JsonSchemaParser;
import io.tributary.registry.schema.protobuf.ProtobufSchemaParser;
import io.tributary.registry.state.RegistryState;
import io.tributary.registry.store.KafkaSchemaLog;
import io.tributary.registry.store.SchemaLog;
import io.tributary.registry.store.StoreException;
import io.tributary.registry.store.StoreRecordCodec;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One registry instance: reads {@code _schemas} into its state, then serves the REST API. Runs inside a Tributary
 * node ({@code schema.registry.*} settings) or alone ({@code tributary schema-registry}).
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private final RegistryConfig config;
    private final RegistryMetrics metrics = new RegistryMetrics();
    private final java.util.concurrent.atomic.AtomicLong recordsRead = new java.util.concurrent.atomic.AtomicLong();
    private SchemaLog log;
    private RestServer rest;
    private WriterElection election;
    private WriteForwarder forwarder;

    public SchemaRegistryServer(RegistryConfig config) {
        this.config = config;
    }

    /** Reads the store, binds the listener; returns the address served. Fails with a message naming the cause. */
    public InetSocketAddress start() throws RegistryStartupException {
        RegistryState state = new RegistryState();
        log = new KafkaSchemaLog(new KafkaSchemaLog.Config(config.kafkaConnection(), config.topic(),
                config.replicationFactor(), config.timeoutMs(), config.initTimeoutMs(), "schema-registry"));
        SchemaRegistry registry = new SchemaRegistry(state, log,
                List.of(new JsonSchemaParser(), new ProtobufSchemaParser(), new AvroSchemaParser()),
                config.compatibility());
        rest = new RestServer(config.listener(), config.tls());
        InetSocketAddress bound;
        try {
            bound = rest.bind();   // first: a port in use stops the start before anything else happens
        } catch (Exception e) {
            close();
            String why = e instanceof BindException || e.getCause() instanceof BindException
                    ? "the address is in use" : e.toString();
            throw new RegistryStartupException("the schema registry could not listen on " + config.listener()
                    + " (listeners): " + why, e);
        }
        // The URL other instances forward writes to names the port really bound (listeners may say port 0).
        election = new WriterElection(config.kafkaConnection(), config.groupId(), config.topic(),
                config.advertisedUrl(bound.getPort()), config.leaderEligible(), config.sessionTimeoutMs());
        forwarder = new WriteForwarder(election, registry, config.initTimeoutMs(), config.sessionTimeoutMs(),
                config.tls() == null ? null : config.tls().client());
        ObjectMapper json = new ObjectMapper();
        RestHandler handler = new RestHandler(new RegistryRoutes(registry, json, forwarder).routes(), json,
                config.maxBodyBytes(), new RequestMetrics(metrics.registry()), config.authentication());
        // Jetty starts while the store is read (it takes about as long); requests that arrive meanwhile wait for
        // the handler to open, so nobody is answered from a half-read store.
        CompletableFuture<Void> serving = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                rest.serve(handler);
                serving.complete(null);
            } catch (Throwable e) {
                serving.completeExceptionally(e);
            }
        }, "schema-registry-start");
        starter.start();
        try {
            log.start((offset, key, value) -> {
                state.apply(StoreRecordCodec.decode(key, value));
                recordsRead.incrementAndGet();
            });
            serving.join();
        } catch (StoreException e) {
            close();
            throw new RegistryStartupException("the schema registry could not read " + config.topic() + " from "
                    + config.bootstrap() + ": " + e.getMessage(), e);
        } catch (CompletionException e) {
            close();
            throw new RegistryStartupException("the schema registry could not serve on " + config.listener() + ": "
                    + e.getCause(), e.getCause());
        }
        handler.open();
        metrics.watch(state, election);
        election.start();
        return bound;
    }

    /** How many {@code _schemas} records this instance has applied. */
    public long recordsRead() {
        return recordsRead.get();
    }

    @Override
    public void close() {
        if (rest != null) {
            rest.close();
        }
        if (election != null) {
            election.close();
        }
        if (log != null) {
            log.close();
        }
        metrics.close();
    }
}
