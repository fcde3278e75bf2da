package io.tributary.compat.jms;

import io.tributary.compat.TributaryProcess;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * Tributary's Jakarta Messaging provider (jms-client) against a Tributary broker in its own process
 * ({@link TributaryProcess}). Destinations are named through one JMSContext kept for the purpose; whether the
 * provider needs its Kafka topics created beforehand is the provider's business (JMS applications never do it).
 */
final class TributaryJms implements JmsProvider {

    private final TributaryProcess node;
    private final Admin admin;
    private final JMSContext naming;

    private TributaryJms(TributaryProcess node) {
        this.node = node;
        this.admin = node.admin();
        this.naming = connectionFactory().createContext();
    }

    static TributaryJms start(Path dir) throws Exception {
        return new TributaryJms(new TributaryProcess(dir).start());
    }

    /**
     * The suite's ObjectMessage bodies are classes of its own package: trusted here, on top of the provider's default
     * allow-list (which stays as it is: an ObjectMessage never deserializes a class nobody trusted).
     */
    @Override
    public ConnectionFactory connectionFactory() {
        TributaryConnectionFactory factory = new TributaryConnectionFactory(node.bootstrap());
        List<String> trusted = new ArrayList<>(factory.getTrustedPackages());
        trusted.add("io.tributary.compat");
        factory.setTrustedPackages(trusted);
        return factory;
    }

    @Override
    public Queue queue(String name) {
        return naming.createQueue(name);
    }

    @Override
    public Topic topic(String name) {
        return naming.createTopic(name);
    }

    /** A queue is a Kafka topic of the same name (adjust if the provider maps names otherwise). */
    @Override
    public boolean exists(Queue queue) throws Exception {
        return admin.listTopics().names().get().contains(queue.getQueueName());
    }

    @Override
    public Set<Deviation> deviations() {
        return Set.of(Deviation.PRIORITY_ORDER);
    }

    /** Share-group and consumer-group joins take longer than Artemis's in-memory dispatch. */
    @Override
    public Duration receiveTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void close() throws Exception {
        try {
            naming.close();
            admin.close();
        } finally {
            node.close();
        }
    }
}
