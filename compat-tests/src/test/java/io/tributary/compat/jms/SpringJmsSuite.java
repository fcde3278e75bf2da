package io.tributary.compat.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Spring's JMS support (spring-jms: {@link JmsTemplate}, {@link DefaultMessageListenerContainer}) over a provider,
 * written once like {@link JmsBehaviourSuite}: {@link SpringJmsCompatTest} runs it against Apache ActiveMQ Artemis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SpringJmsSuite {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MESSAGES = 100;

    private JmsProvider provider;
    private ConnectionFactory factory;
    private String prefix;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Starts the provider under test, its broker's data under {@code dir}; called once per test class. */
    protected abstract JmsProvider startProvider(Path dir) throws Exception;

    @BeforeAll
    final void startProviderOnce(@TempDir Path dir) throws Exception {
        provider = startProvider(dir);
    }

    @AfterAll
    final void closeProvider() throws Exception {
        if (provider != null) {
            provider.close();
        }
    }

    @BeforeEach
    final void freshFactory(TestInfo info) {
        factory = provider.connectionFactory();
        if (factory instanceof AutoCloseable closeable) {
            opened.add(closeable);
        }
        prefix = info.getTestMethod().orElseThrow().getName() + "-" + SEQUENCE.incrementAndGet();
    }

    @AfterEach
    final void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }

    @Test
    void jmsTemplateConvertsAndSendsAndReceivesAndConverts() throws Exception {
        Queue queue = provider.queue(prefix + ".template");
        JmsTemplate template = template();
        template.convertAndSend(queue, "hello");
        template.convertAndSend(queue, Map.of("k", 5, "s", "v"));
        template.convertAndSend(queue, new byte[] {1, 2, 3});
        template.convertAndSend(queue, "with a property", m -> {
            m.setStringProperty("origin", "post-processor");
            return m;
        });
        template.send(queue, session -> session.createTextMessage("created by a MessageCreator"));

        assertEquals("hello", template.receiveAndConvert(queue));
        assertEquals(Map.of("k", 5, "s", "v"), template.receiveAndConvert(queue));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) template.receiveAndConvert(queue));
        Message withProperty = template.receive(queue);
        assertNotNull(withProperty);
        assertEquals("with a property", ((TextMessage) withProperty).getText());
        assertEquals("post-processor", withProperty.getStringProperty("origin"));
        assertEquals("created by a MessageCreator", template.receiveAndConvert(queue));

        template.setReceiveTimeout(provider.quietPeriod().toMillis());
        assertNull(template.receive(queue), "every message was received once");
    }

    @Test
    void jmsTemplateReceivesSelectedMessagesOnly() throws Exception {
        Queue queue = provider.queue(prefix + ".selected");
        JmsTemplate template = template();
        for (int i = 0; i < 4; i++) {
            int n = i;
            template.convertAndSend(queue, "m-" + i, m -> {
                m.setIntProperty("n", n);
                return m;
            });
        }
        assertEquals("m-1", template.receiveSelectedAndConvert(queue, "n = 1"));
        assertEquals("m-3", template.receiveSelectedAndConvert(queue, "n > 2"));
        assertEquals("m-0", template.receiveAndConvert(queue));
        assertEquals("m-2", template.receiveAndConvert(queue));
    }

    /** How the listener container's sessions acknowledge. */
    enum Acknowledgement {
        AUTO, SESSION_TRANSACTED, CLIENT_ACKNOWLEDGE
    }

    /**
     * Two concurrent consumers of a {@link DefaultMessageListenerContainer} get each of 100 messages. Where the
     * container can take a message back (a transacted session rolled back, a CLIENT_ACKNOWLEDGE session recovered),
     * a listener that throws on one message's first delivery gets it again, marked redelivered; in AUTO mode the
     * container's synchronous receive has already acknowledged it (Spring documents that), so no listener throws.
     */
    @ParameterizedTest
    @EnumSource(Acknowledgement.class)
    void listenerContainerReceivesEveryMessage(Acknowledgement mode) throws Exception {
        Queue queue = provider.queue(prefix + ".container");
        String poison = mode == Acknowledgement.AUTO ? null : "m-13";
        BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

        DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
        container.setConnectionFactory(factory);
        container.setDestination(queue);
        container.setConcurrentConsumers(2);
        container.setReceiveTimeout(200);
        switch (mode) {
            case AUTO -> container.setSessionAcknowledgeMode(Session.AUTO_ACKNOWLEDGE);
            case SESSION_TRANSACTED -> container.setSessionTransacted(true);
            case CLIENT_ACKNOWLEDGE -> container.setSessionAcknowledgeMode(Session.CLIENT_ACKNOWLEDGE);
        }
        container.setMessageListener((jakarta.jms.MessageListener) m -> {
            try {
                String text = ((TextMessage) m).getText();
                deliveries.add(new Delivery(text, m.getJMSRedelivered()));
                if (text.equals(poison) && !m.getJMSRedelivered()) {
                    throw new IllegalStateException("the first delivery of " + text + " fails (expected by the test)");
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        container.afterPropertiesSet();
        container.start();
        opened.add(container::shutdown);

        List<String> sent = IntStream.range(0, MESSAGES).mapToObj(i -> "m-" + i).toList();
        JmsTemplate template = template();
        for (String text : sent) {
            template.convertAndSend(queue, text);
        }

        int expected = poison == null ? MESSAGES : MESSAGES + 1;
        List<Delivery> got = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Delivery d = deliveries.poll(2 * provider.receiveTimeout().toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(d, "the listener got " + got.size() + " of " + expected + " deliveries");
            got.add(d);
        }
        assertNull(deliveries.poll(provider.quietPeriod().toMillis(), TimeUnit.MILLISECONDS), "no more deliveries");
        container.shutdown();

        assertThat(got.stream().map(Delivery::text).distinct()).containsExactlyInAnyOrderElementsOf(sent);
        if (poison != null) {
            List<Delivery> ofPoison = got.stream().filter(d -> d.text().equals(poison)).toList();
            assertEquals(List.of(new Delivery(poison, false), new Delivery(poison, true)), ofPoison);
        }
        assertFalse(got.stream().filter(d -> !d.text().equals(poison)).anyMatch(Delivery::redelivered));
        template.setReceiveTimeout(provider.quietPeriod().toMillis());
        assertNull(template.receive(queue), "every message was acknowledged");
    }

    record Delivery(String text, boolean redelivered) {
    }

    private JmsTemplate template() {
        JmsTemplate template = new JmsTemplate(factory);
        template.setReceiveTimeout(provider.receiveTimeout().toMillis());
        return template;
    }
}
