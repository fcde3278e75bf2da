package io.tributary.compat.jms;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;

/**
 * The reference provider: an Apache ActiveMQ Artemis broker embedded in the test JVM, persistent (NIO journal,
 * bindings, paging and large messages under the test's directory), security off, one core-protocol acceptor on a
 * free loopback port that its Jakarta client ({@code artemis-jakarta-client}) connects to over TCP. Addresses and
 * queues are created on first use, as Artemis's default address settings do.
 */
final class EmbeddedArtemis implements JmsProvider {

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedArtemis(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    static EmbeddedArtemis start(Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Configuration config = new ConfigurationImpl()
                .setName("reference")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        if (!server.getActiveMQServer().waitForActivation(30, TimeUnit.SECONDS)) {
            server.stop();
            throw new IOException("the embedded Artemis broker did not become active within 30 s");
        }
        return new EmbeddedArtemis(server, "tcp://127.0.0.1:" + port);
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url);
    }

    @Override
    public Queue queue(String name) {
        return new ActiveMQQueue(name);
    }

    @Override
    public Topic topic(String name) {
        return new ActiveMQTopic(name);
    }

    @Override
    public boolean exists(Queue queue) throws Exception {
        return server.getActiveMQServer().locateQueue(SimpleString.of(queue.getQueueName())) != null;
    }

    @Override
    public Set<Deviation> deviations() {
        return Set.of();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
