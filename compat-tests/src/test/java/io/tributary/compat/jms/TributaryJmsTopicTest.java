package io.tributary.compat.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Topics of the Tributary JMS provider against a Tributary process: every subscriber gets every message published
 * after it subscribed; a durable subscription keeps what is published while its consumer is away, until unsubscribed.
 */
class TributaryJmsTopicTest extends TributaryJmsNodeTest {

    private static List<String> receiveTexts(MessageConsumer consumer, int n) throws Exception {
        List<String> texts = new ArrayList<>();
        while (texts.size() < n) {
            Message m = consumer.receive(30_000);
            assertThat(m).as("message %d of %d", texts.size() + 1, n).isNotNull();
            texts.add(((TextMessage) m).getText());
        }
        return texts;
    }

    @Test
    void everySubscriberReceivesEveryMessagePublishedAfterItSubscribed() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t-fanout");
            MessageProducer p = s.createProducer(t);
            p.send(s.createTextMessage("before"));
            MessageConsumer a = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(t);
            MessageConsumer b = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(t);
            c.start();
            for (int i = 0; i < 10; i++) {
                p.send(s.createTextMessage("m" + i));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("m" + i);
            }
            assertThat(receiveTexts(a, 10)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(receiveTexts(b, 10)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(a.receive(QUIET_MS)).isNull();
        }
    }

    @Test
    void aDurableSubscriptionKeepsMessagesPublishedWhileItsConsumerIsAwayUntilUnsubscribed() throws Exception {
        TributaryConnectionFactory named = new TributaryConnectionFactory(broker.bootstrap());
        named.setClientId("durable-client");
        try (Connection c = named.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t-durable");
            s.createProducer(t).send(s.createTextMessage("before the subscription"));
            MessageConsumer sub = s.createDurableSubscriber(t, "sub");
            c.start();
            s.createProducer(t).send(s.createTextMessage("first"));
            assertThat(receiveTexts(sub, 1)).containsExactly("first");
            sub.close();
            s.createProducer(t).send(s.createTextMessage("while away"));
        }
        try (Connection c = named.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t-durable");
            c.start();
            MessageConsumer sub = s.createDurableSubscriber(t, "sub");
            assertThat(receiveTexts(sub, 1)).containsExactly("while away");
            assertThat(sub.receive(QUIET_MS)).isNull();
            assertThatThrownBy(() -> s.unsubscribe("sub")).isInstanceOf(jakarta.jms.IllegalStateException.class);
            sub.close();
            s.unsubscribe("sub");
            assertThatThrownBy(() -> s.unsubscribe("sub")).isInstanceOf(InvalidDestinationException.class);
            s.createProducer(t).send(s.createTextMessage("after unsubscribe"));
            MessageConsumer fresh = s.createDurableSubscriber(t, "sub");
            s.createProducer(t).send(s.createTextMessage("new subscription"));
            assertThat(receiveTexts(fresh, 1)).containsExactly("new subscription");
        }
    }

    @Test
    void aSharedSubscriptionsConsumersShareItsMessages() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s1.createTopic("t-shared");
            MessageConsumer a = s1.createSharedDurableConsumer(t, "shared-sub");
            MessageConsumer b = s2.createSharedDurableConsumer(t, "shared-sub");
            c.start();
            MessageProducer p = s1.createProducer(t);
            for (int i = 0; i < 20; i++) {
                p.send(s1.createTextMessage("s" + i));
            }
            List<String> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (got.size() < 20 && System.currentTimeMillis() < deadline) {
                for (MessageConsumer consumer : List.of(a, b)) {
                    Message m = consumer.receive(200);
                    if (m != null) {
                        got.add(((TextMessage) m).getText());
                    }
                }
            }
            assertThat(got).hasSize(20).doesNotHaveDuplicates();
        }
    }
}
