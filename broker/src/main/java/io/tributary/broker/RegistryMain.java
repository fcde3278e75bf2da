package io.tributary.broker;

import io.tributary.registry.RegistryConfig;
import io.tributary.registry.RegistryStartupException;
import io.tributary.registry.SchemaRegistryServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tributary schema-registry [--config FILE] [--override key=value]...}: a schema registry alone, against
 * any Kafka-compatible cluster, with Confluent's setting names ({@code listeners}, {@code kafkastore.bootstrap.servers},
 * ...). Prints a line containing {@code started} once it serves; stops on SIGTERM/Ctrl-C.
 */
final class RegistryMain {

    private RegistryMain() {
    }

    static void run(String[] args) throws InterruptedException {
        RegistryConfig config;
        try {
            config = RegistryConfig.from(Main.parseArgs(args, "schema-registry"));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("tributary: " + e.getMessage());
            System.exit(2);
            return;
        }
        SchemaRegistryServer registry = new SchemaRegistryServer(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Schema registry shutting down");
            registry.close();
            stopped.countDown();
        }, "shutdown"));
        if (!startOrExit(registry, config, stopped)) {
            return;
        }
        stopped.await();
    }

    /**
     * Starts the registry and prints its "started" line (address, store, how long reading it took); on failure says
     * why and exits, unless a shutdown already began (then answers false).
     */
    static boolean startOrExit(SchemaRegistryServer registry, RegistryConfig config, CountDownLatch stopped) {
        try {
            long begin = System.nanoTime();
            InetSocketAddress bound = registry.start();
            long tookMs = (System.nanoTime() - begin) / 1_000_000;
            System.out.println("Schema registry started: listening on " + config.listener().getScheme() + "://"
                    + bound.getHostString() + ":" + bound.getPort() + ", store " + config.topic() + " at "
                    + config.bootstrap() + " (" + registry.recordsRead() + " records read in " + tookMs + " ms)");
            System.out.flush();
            return true;
        } catch (RegistryStartupException e) {
            if (stopped.getCount() == 0) {
                return false;
            }
            System.err.println("tributary: " + e.getMessage());
            System.exit(1);
            return false;
        }
    }
}
