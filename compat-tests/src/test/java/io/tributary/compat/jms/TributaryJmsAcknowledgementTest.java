package io.tributary.compat.jms;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.tributary.compat.Await;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceNotFoundException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * How an AUTO_ACKNOWLEDGE queue consumer sends its acknowledgements: with its fetches rather than one
 * ShareAcknowledge per message (counted by the broker's request metrics, read over JMX from its process), and
 * within the provider's bound when the application stops receiving — so a consumer killed after idling gets nothing
 * it had received delivered again, and a killed consumer loses nothing.
 */
class TributaryJmsAcknowledgementTest extends TributaryJmsNodeTest {

    private static void send(String queue, String prefix, int count) throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (int i = 0; i < count; i++) {
                p.send(s.createTextMessage(prefix + i));
            }
        }
    }

    /** The broker's count of ShareAcknowledge requests so far (its JMX meter, through the attach API). */
    private static long shareAcknowledgeRequests() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(broker.pid()));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
            return (Long) jmx.getMBeanServerConnection().getAttribute(new ObjectName(
                    "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=ShareAcknowledge"), "Count");
        } catch (InstanceNotFoundException e) {
            return 0;   // none yet: the meter is made by the first request
        } finally {
            vm.detach();
        }
    }

    @Test
    void autoAcknowledgementsRideOnTheFetchesInsteadOfOneRequestPerMessage() throws Exception {
        String queue = "q-ack-batched";
        int count = 200;
        send(queue, "b", count);
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            c.start();
            long before = shareAcknowledgeRequests();
            Set<String> received = new HashSet<>();
            while (received.size() < count) {
                Message m = consumer.receive(30_000);
                assertThat(m).as("received so far: %d", received.size()).isNotNull();
                assertThat(received.add(((TextMessage) m).getText())).as("no duplicate").isTrue();
            }
            long requests = shareAcknowledgeRequests() - before;
            // sent one by one (commitAsync per message), kafka-clients sends the first of each fetch's ten at once
            // and coalesces the rest while it is in flight: at least one request per fetch, 20 here (26 measured);
            // riding on the fetches, none but what a pause of 100 ms flushes (0-1 measured)
            assertThat(requests).as("ShareAcknowledge requests while receiving %d messages", count)
                    .isLessThan(count / 20);
            consumer.close();
            // every acknowledgement reached the broker: nothing comes again
            assertThat(s.createConsumer(s.createQueue(queue)).receive(QUIET_MS)).isNull();
        }
    }

    @Test
    void aKilledAutoAcknowledgeConsumerLosesNothingAndWhatItAcknowledgedBeforeIdlingStaysConsumed()
            throws Exception {
        String queue = "q-ack-killed";
        try (Admin admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "jms-queue-" + queue),
                    List.of(new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "6000"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        int count = 100;
        send(queue, "v", count);
        Set<String> beforeIdle = ConcurrentHashMap.newKeySet();
        Set<String> afterIdle = ConcurrentHashMap.newKeySet();
        AtomicBoolean idled = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        // 40 received, 2 s without receiving (the acknowledgement bound is 100 ms), 5 more, then SIGKILL
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), JmsAutoAckVictim.class.getName(),
                broker.bootstrap(), queue, "40", "2000", "5").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("R ")) {
                        (idled.get() ? afterIdle : beforeIdle).add(line.substring(2));
                    } else if (line.equals("IDLE")) {
                        idled.set(true);
                    } else if (line.equals("DONE")) {
                        done.set(true);
                    }
                }
            } catch (Exception e) {
                // the process died
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            // Ends early if the victim dies; the assertion below then says why.
            Await.until("the victim receives its messages or dies", Duration.ofSeconds(90),
                    () -> done.get() || !victim.isAlive());
            assertThat(done.get()).as("the victim received its messages").isTrue();
            victim.destroyForcibly().waitFor();   // SIGKILL: no close, no flush
            assertThat(beforeIdle).hasSize(40);
            assertThat(afterIdle).hasSize(5);

            Set<String> again = new HashSet<>();
            Set<String> all = new HashSet<>();
            all.addAll(beforeIdle);
            all.addAll(afterIdle);
            try (Connection c = factory.createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                c.start();
                MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
                long drainDeadline = System.currentTimeMillis() + 90_000;
                while (all.size() < count && System.currentTimeMillis() < drainDeadline) {
                    Message m = consumer.receive(1000);
                    if (m != null) {
                        again.add(((TextMessage) m).getText());
                        all.add(((TextMessage) m).getText());
                    }
                }
                Message extra;
                while ((extra = consumer.receive(2000)) != null) {
                    again.add(((TextMessage) extra).getText());
                }
            }
            assertThat(all).as("every message received at least once").hasSize(count);
            assertThat(again).as("acknowledged (and sent during the idle time) before the kill")
                    .doesNotContainAnyElementsOf(beforeIdle);
        } finally {
            victim.destroyForcibly();
        }
    }
}
