package io.tributary.jms;

import io.tributary.jms.message.TrustedClasses;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Makes connections to a Kafka cluster with share groups (Tributary, or Apache Kafka 4.x): bootstrap servers, an
 * optional client ID, SASL/PLAIN credentials, the packages ObjectMessages may deserialize, and any kafka-clients
 * setting passed through with {@link #setProperties}. A bean, so that it can be configured from JNDI or a DI
 * container.
 */
public class TributaryConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory {

    private String bootstrapServers = "localhost:9092";
    private String clientId;
    private String user;
    private String password;
    private final Map<String, String> properties = new HashMap<>();
    private List<String> trustedPackages = new ArrayList<>(TrustedClasses.DEFAULT);
    private int maxShareMembers = 4;
    private boolean autoAcknowledgeBatching = true;

    public TributaryConnectionFactory() {
    }

    public TributaryConnectionFactory(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getClientId() {
        return clientId;
    }

    /** The client ID of every connection made (a durable subscription's name is scoped by it). */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** kafka-clients settings for every client of the connections (they override this factory's own). */
    public void setProperties(Map<String, String> properties) {
        this.properties.clear();
        this.properties.putAll(properties);
    }

    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    /** The packages (and their sub-packages) ObjectMessage bodies may contain classes of; "*" trusts all. */
    public void setTrustedPackages(List<String> trustedPackages) {
        this.trustedPackages = new ArrayList<>(trustedPackages);
    }

    public List<String> getTrustedPackages() {
        return List.copyOf(trustedPackages);
    }

    /**
     * How many share consumers one queue consumer may hold records with at once (CLIENT_ACKNOWLEDGE and transacted
     * sessions receive more before acknowledging); 4 by default.
     */
    public void setMaxShareMembers(int maxShareMembers) {
        if (maxShareMembers < 1) {
            throw new IllegalArgumentException("at least one");
        }
        this.maxShareMembers = maxShareMembers;
    }

    public int getMaxShareMembers() {
        return maxShareMembers;
    }

    /**
     * Whether an AUTO_ACKNOWLEDGE queue consumer's acknowledgements ride on its next fetch, sent on their own after
     * at most 100 messages or 100 ms (true, the default: a crash may redeliver the messages received in that window);
     * false sends each one at once with {@code commitAsync} (a crash redelivers at most the ones in flight;
     * kafka-clients coalesces those made while a request is in flight: one extra round trip per fetch or more).
     * DUPS_OK_ACKNOWLEDGE always batches.
     */
    public void setAutoAcknowledgeBatching(boolean autoAcknowledgeBatching) {
        this.autoAcknowledgeBatching = autoAcknowledgeBatching;
    }

    public boolean isAutoAcknowledgeBatching() {
        return autoAcknowledgeBatching;
    }

    private Properties kafkaProperties(String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        if (user != null) {
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "PLAIN");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + escape(user) + "\" password=\"" + escape(password == null ? "" : password) + "\";");
        }
        p.putAll(properties);
        return p;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public Connection createConnection() throws JMSException {
        return createConnection(user, password);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return new TributaryConnection(kafkaProperties(userName, password), clientId,
                new TrustedClasses(trustedPackages), maxShareMembers, autoAcknowledgeBatching);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return (QueueConnection) createConnection(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return (TopicConnection) createConnection(userName, password);
    }

    @Override
    public JMSContext createContext() {
        return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        try {
            TributaryConnection c = (TributaryConnection) createConnection(userName, password);
            return new TributaryJMSContext(new SharedConnection(c), sessionMode);
        } catch (JMSException e) {
            throw JmsErrors.runtime(e);
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(user, password, sessionMode);
    }

    static boolean validMode(int mode) {
        return mode == Session.AUTO_ACKNOWLEDGE || mode == Session.CLIENT_ACKNOWLEDGE
                || mode == Session.DUPS_OK_ACKNOWLEDGE || mode == Session.SESSION_TRANSACTED;
    }

    static JMSRuntimeException invalidMode(int mode) {
        return new JMSRuntimeException("unknown session mode " + mode);
    }
}
