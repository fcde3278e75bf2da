package io.tributary.compat.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Failures around the Tributary JMS provider: a consumer process killed while holding unacknowledged queue messages
 * (they come back after the acquisition lock), and a broker restart (no sent-and-acknowledged message is lost).
 */
class TributaryJmsFailureTest extends TributaryJmsNodeTest {

    @Test
    void messagesAKilledConsumerHeldComeBackRedeliveredAfterTheLock() throws Exception {
        String queue = "q-killed";
        try (Admin admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "jms-queue-" + queue),
                    List.of(new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "6000"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (int i = 0; i < 5; i++) {
                p.send(s.createTextMessage("k" + i));
            }
        }
        Set<String> held = ConcurrentHashMap.newKeySet();
        AtomicBoolean holding = new AtomicBoolean();
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), JmsQueueHolder.class.getName(),
                broker.bootstrap(), queue, "5").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("R ")) {
                        held.add(line.substring(2));
                    } else if (line.equals("HOLDING")) {
                        holding.set(true);
                    }
                }
            } catch (Exception e) {
                // the process died
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (!holding.get() && System.currentTimeMillis() < deadline && victim.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(holding.get()).as("the victim holds the messages").isTrue();
            victim.destroyForcibly().waitFor();   // SIGKILL: nothing released, nothing acknowledged
            long killedAt = System.currentTimeMillis();
            Map<String, Integer> again = new HashMap<>();
            try (Connection c = factory.createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                c.start();
                MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
                while (again.size() < 5) {
                    Message m = consumer.receive(60_000);
                    assertThat(m).as("redelivered so far: %s", again).isNotNull();
                    again.put(((TextMessage) m).getText(), m.getIntProperty("JMSXDeliveryCount"));
                    assertThat(m.getJMSRedelivered()).isTrue();
                }
            }
            assertThat(again.keySet()).isEqualTo(held).hasSize(5);
            // a release at the kill would come back within a second; the lock began before the kill, hence 3 s
            assertThat(System.currentTimeMillis() - killedAt).as("after the 6 s lock").isGreaterThan(3_000);
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void aBrokerRestartLosesNoAcknowledgedSend() throws Exception {
        Set<String> sent = new HashSet<>();
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q-restart");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 50; i++) {
                p.send(s.createTextMessage("r" + i));   // returns once the broker acknowledged it
                sent.add("r" + i);
            }
        }
        broker.kill();
        broker.start();
        Set<String> received = new HashSet<>();
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("q-restart"));
            long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(90);
            while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
                Message m = consumer.receive(1000);
                if (m != null) {
                    received.add(((TextMessage) m).getText());
                }
            }
        }
        assertThat(received).isEqualTo(sent);
    }
}
