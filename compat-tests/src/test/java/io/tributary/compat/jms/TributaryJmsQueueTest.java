package io.tributary.compat.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Queues of the Tributary JMS provider against a Tributary process: a queue is a topic read through a share group,
 * so consumers compete, unacknowledged messages come back redelivered, transactions commit and roll back both ways.
 */
class TributaryJmsQueueTest extends TributaryJmsNodeTest {

    private static void send(Session session, Queue queue, List<String> texts) throws Exception {
        MessageProducer producer = session.createProducer(queue);
        for (String t : texts) {
            producer.send(session.createTextMessage(t));
        }
    }

    @Test
    void aMessageSentBeforeAnyConsumerExistsIsReceived() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q-before");
            send(s, q, List.of("hello"));
            c.start();
            TextMessage m = (TextMessage) s.createConsumer(q).receive(30_000);
            assertThat(m).isNotNull();
            assertThat(m.getText()).isEqualTo("hello");
            assertThat(m.getJMSRedelivered()).isFalse();
            assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
            assertThat(m.getJMSDestination()).isEqualTo(q);
        }
    }

    @Test
    void twoCompetingConsumersShareTheMessagesWithoutDuplicates() throws Exception {
        int count = 500;
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add("m" + i);
        }
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        try (Connection c = factory.createConnection()) {
            Session producing = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = producing.createQueue("q-compete");
            CountDownLatch all = new CountDownLatch(count);
            for (Set<String> got : List.of(first, second)) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createConsumer(q).setMessageListener(m -> {
                    try {
                        String t = ((TextMessage) m).getText();
                        if (first.contains(t) || second.contains(t) || !got.add(t)) {
                            duplicates.add(t);
                        }
                        all.countDown();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            c.start();
            send(producing, q, texts);
            assertThat(all.await(120, TimeUnit.SECONDS)).as("received %d+%d", first.size(), second.size()).isTrue();
            Thread.sleep(QUIET_MS);   // a duplicate would show up now
        }
        assertThat(duplicates).isEmpty();
        Set<String> union = new HashSet<>(first);
        union.addAll(second);
        assertThat(union).containsExactlyInAnyOrderElementsOf(texts);
        assertThat(first.size() + second.size()).isEqualTo(count);
    }

    @Test
    void recoverRedeliversClientAcknowledgedMessagesMarkedRedelivered() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("q-recover");
            send(s, q, List.of("a", "b"));
            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            List<String> before = receiveTexts(consumer, 2);
            assertThat(before).containsExactly("a", "b");
            s.recover();
            List<Message> again = new ArrayList<>();
            while (again.size() < 2) {
                Message m = consumer.receive(30_000);
                assertThat(m).as("redelivered message").isNotNull();
                again.add(m);
            }
            for (Message m : again) {
                assertThat(m.getJMSRedelivered()).isTrue();
                assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
            }
            again.get(1).acknowledge();
            assertThat(consumer.receive(QUIET_MS)).isNull();
        }
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            assertThat(s.createConsumer(s.createQueue("q-recover")).receive(QUIET_MS)).as("acknowledged").isNull();
        }
    }

    @Test
    void aClientAcknowledgeConsumerReceivesMoreThanOneFetchBeforeAcknowledging() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("q-hold");
            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            send(s, q, List.of("one"));
            assertThat(receiveTexts(consumer, 1)).containsExactly("one");
            send(s, q, List.of("two"));
            List<String> second = receiveTexts(consumer, 1);
            assertThat(second).containsExactly("two");
        }
    }

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
    void aTransactedSessionsSendsAreInvisibleUntilCommitAndGoneOnRollback() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = tx.createQueue("q-tx-send");
            c.start();
            MessageConsumer consumer = plain.createConsumer(q);
            send(tx, q, List.of("rolled back"));
            tx.rollback();
            send(tx, q, List.of("committed"));
            assertThat(consumer.receive(QUIET_MS)).as("before commit").isNull();
            tx.commit();
            assertThat(receiveTexts(consumer, 1)).containsExactly("committed");
            assertThat(consumer.receive(QUIET_MS)).isNull();
        }
    }

    @Test
    void aTransactedSessionsReceivesComeBackOnRollbackAndStayConsumedOnCommit() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = plain.createQueue("q-tx-receive");
            send(plain, q, List.of("x"));
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            c.start();
            MessageConsumer consumer = tx.createConsumer(q);
            assertThat(receiveTexts(consumer, 1)).containsExactly("x");
            tx.rollback();
            Message again = consumer.receive(30_000);
            assertThat(again).isNotNull();
            assertThat(again.getJMSRedelivered()).isTrue();
            tx.commit();
            assertThat(consumer.receive(QUIET_MS)).isNull();
        }
    }

    @Test
    void aReplyComesBackOnATemporaryQueue() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue requests = s.createQueue("q-requests");
            c.start();
            Session server = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer replies = server.createProducer(null);
            server.createConsumer(requests).setMessageListener(m -> {
                try {
                    TextMessage reply = server.createTextMessage("re: " + ((TextMessage) m).getText());
                    reply.setJMSCorrelationID(m.getJMSMessageID());
                    replies.send(m.getJMSReplyTo(), reply);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TemporaryQueue replyTo = s.createTemporaryQueue();
            MessageConsumer replyConsumer = s.createConsumer(replyTo);
            TextMessage request = s.createTextMessage("ping");
            request.setJMSReplyTo(replyTo);
            s.createProducer(requests).send(request);
            TextMessage reply = (TextMessage) replyConsumer.receive(30_000);
            assertThat(reply).isNotNull();
            assertThat(reply.getText()).isEqualTo("re: ping");
            assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
            replyConsumer.close();
            replyTo.delete();
            assertThatThrownByJms(() -> s.createProducer(replyTo).send(s.createTextMessage("late")))
                    .isInstanceOf(jakarta.jms.InvalidDestinationException.class);
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatThrownByJms(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.assertThatThrownBy(call);
    }

    @Test
    void anExpiredMessageIsNotDelivered() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q-ttl");
            MessageProducer p = s.createProducer(q);
            p.setTimeToLive(500);
            p.send(s.createTextMessage("short-lived"));
            p.setTimeToLive(0);
            Thread.sleep(1000);
            p.send(s.createTextMessage("lasting"));
            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            assertThat(receiveTexts(consumer, 1)).containsExactly("lasting");
            assertThat(consumer.receive(QUIET_MS)).isNull();
        }
    }

    @Test
    void aDelayedMessageIsNotDeliveredBeforeItsDeliveryTime() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q-delay");
            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            MessageProducer p = s.createProducer(q);
            p.setDeliveryDelay(3000);
            long sent = System.currentTimeMillis();
            p.send(s.createTextMessage("later"));
            Message m = consumer.receive(30_000);
            assertThat(m).isNotNull();
            assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(2900);
            assertThat(m.getJMSDeliveryTime()).isGreaterThanOrEqualTo(m.getJMSTimestamp() + 3000);
        }
    }

    @Test
    void aBrowserShowsQueuedMessagesWithoutConsumingThem() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q-browse");
            send(s, q, List.of("b1", "b2", "b3"));
            QueueBrowser browser = s.createBrowser(q);
            List<String> seen = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                seen.add(((TextMessage) e.nextElement()).getText());
            }
            browser.close();
            assertThat(seen).containsExactly("b1", "b2", "b3");
            c.start();
            assertThat(receiveTexts(s.createConsumer(q), 3)).containsExactly("b1", "b2", "b3");
        }
    }

    @Test
    void aJmsContextSendsAndReceivesBodies() throws Exception {
        try (JMSContext context = factory.createContext()) {
            Queue q = context.createQueue("q-context");
            context.createProducer().setProperty("kind", "greeting").send(q, "hi there");
            JMSConsumer consumer = context.createConsumer(q);
            Message m = consumer.receive(30_000);
            assertThat(m).isNotNull();
            assertThat(m.getBody(String.class)).isEqualTo("hi there");
            assertThat(m.getStringProperty("kind")).isEqualTo("greeting");
            context.createProducer().send(q, new byte[] {1, 2, 3});
            assertThat(consumer.receiveBody(byte[].class, 30_000)).containsExactly(1, 2, 3);
        }
    }
}
