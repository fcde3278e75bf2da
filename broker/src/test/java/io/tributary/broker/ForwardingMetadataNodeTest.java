package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.AllocateProducerIdsResponseData;
import io.tributary.protocol.message.BrokerRegistrationRequestData;
import io.tributary.protocol.message.BrokerRegistrationResponseData;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's forwarding of controller commands: a node that is not the controller sends the commands a broker
 * needs over the controller's Kafka listener (here a fake controller on a loopback socket), looks the controller up
 * again after NOT_CONTROLLER or a failed connection, and leaves every other command failing with NOT_CONTROLLER.
 */
class ForwardingMetadataNodeTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<FakeController> controllers = new CopyOnWriteArrayList<>();
    private ControllerChannel channel;

    @AfterEach
    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        for (FakeController c : controllers) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void registrationIsSentToTheActiveControllerAsBrokerRegistration() throws Exception {
        FakeController controller = controller(request -> new BrokerRegistrationResponseData().setBrokerEpoch(42));
        ForwardingMetadataNode node = forwarding(() -> target(1, controller));
        UUID incarnation = UUID.randomUUID();

        ControllerCommand.RegisterBroker.Result r = node.submit(new ControllerCommand.RegisterBroker(2, incarnation,
                List.of(new Endpoint("PLAINTEXT", "h2", 9092, (short) 0)), "rack-a")).get(10, TimeUnit.SECONDS);

        assertThat(r.error().error()).isEqualTo(Errors.NONE);
        assertThat(r.brokerEpoch()).isEqualTo(42);
        BrokerRegistrationRequestData sent = (BrokerRegistrationRequestData) controller.received.get(0);
        assertThat(sent.brokerId()).isEqualTo(2);
        assertThat(sent.clusterId()).isEqualTo("test-cluster");
        assertThat(sent.incarnationId()).isEqualTo(incarnation);
        assertThat(sent.rack()).isEqualTo("rack-a");
        assertThat(sent.listeners()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("PLAINTEXT");
            assertThat(l.host()).isEqualTo("h2");
            assertThat(l.port()).isEqualTo(9092);
        });
    }

    @Test
    void notControllerAnswerIsRetriedOnTheControllerLookedUpAgain() throws Exception {
        FakeController stale = controller(request -> new AllocateProducerIdsResponseData()
                .setErrorCode(Errors.NOT_CONTROLLER.code()));
        FakeController active = controller(request -> new AllocateProducerIdsResponseData().setProducerIdStart(1000)
                .setProducerIdLen(1000));
        AtomicInteger lookups = new AtomicInteger();
        ForwardingMetadataNode node = forwarding(() -> lookups.incrementAndGet() == 1 ? target(1, stale)
                : target(3, active));

        ControllerCommand.AllocateProducerIds.Result r = node.submit(new ControllerCommand.AllocateProducerIds(2, 7))
                .get(10, TimeUnit.SECONDS);

        assertThat(r.error().error()).isEqualTo(Errors.NONE);
        assertThat(r.firstId()).isEqualTo(1000);
        assertThat(stale.received).hasSize(1);
        assertThat(active.received).hasSize(1);
    }

    @Test
    void anUnreachableControllerIsTriedUntilTheTimeoutThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AtomicInteger lookups = new AtomicInteger();
        ForwardingMetadataNode node = forwarding(() -> {
            lookups.incrementAndGet();
            return new ControllerChannel.Target(1, new InetSocketAddress("127.0.0.1", closedPort));
        });

        assertThatThrownBy(() -> node.submit(new ControllerCommand.BrokerHeartbeat(2, 1, false, false))
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ControllerUnavailableException.class).hasMessageContaining("node 1 at 127.0.0.1");
        assertThat(lookups.get()).as("looked up again for each attempt").isGreaterThan(1);
    }

    @Test
    void createdTopicsAreAnsweredOnceThisBrokerHasAppliedThem() throws Exception {
        UUID id = UUID.randomUUID();
        FakeController controller = controller(request -> new CreateTopicsResponseData().setTopics(List.of(
                new CreateTopicsResponseData.CreatableTopicResult().setName("t").setTopicId(id).setNumPartitions(3)
                        .setReplicationFactor((short) 1))));
        CompletableFuture<Void> applied = new CompletableFuture<>();
        CompletableFuture<Predicate<MetadataImage>> condition = new CompletableFuture<>();
        channel = new ControllerChannel(() -> target(1, controller), "test", 2000);
        ForwardingMetadataNode node = new ForwardingMetadataNode(new NotTheController(), channel, (c, timeout) -> {
            condition.complete(c);
            return applied;
        }, scheduler, "test-cluster", 1000);

        CompletableFuture<Map<String, ControllerCommand.CreateTopics.TopicResult>> answer = node.submit(
                new ControllerCommand.CreateTopics(List.of(ControllerCommand.NewTopic.of("t", 3, 1)), false));
        CreateTopicsRequestData sent = (CreateTopicsRequestData) controller.awaitRequest();
        assertThat(sent.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("t");
            assertThat(t.numPartitions()).isEqualTo(3);
        });
        Predicate<MetadataImage> awaited = condition.get(10, TimeUnit.SECONDS);
        assertThat(awaited.test(MetadataImage.EMPTY)).as("waits for the topic in the local image").isFalse();
        assertThat(answer).isNotDone();

        applied.complete(null);
        ControllerCommand.CreateTopics.TopicResult r = answer.get(10, TimeUnit.SECONDS).get("t");
        assertThat(r.error().error()).isEqualTo(Errors.NONE);
        assertThat(r.topicId()).isEqualTo(id);
    }

    @Test
    void commandsNotForwardedStillAnswerNotController() {
        ForwardingMetadataNode node = forwarding(() -> {
            throw new AssertionError("not to be looked up");
        });

        assertThatThrownBy(() -> node.submit(new ControllerCommand.DeleteTopics(List.of("t"), List.of()))
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NotControllerException.class);
    }

    private ForwardingMetadataNode forwarding(ControllerChannel.Locator locator) {
        channel = new ControllerChannel(locator, "test", 2000);
        return new ForwardingMetadataNode(new NotTheController(), channel,
                (condition, timeout) -> CompletableFuture.completedFuture(null), scheduler, "test-cluster", 1000);
    }

    private static ControllerChannel.Target target(int id, FakeController controller) {
        return new ControllerChannel.Target(id, new InetSocketAddress("127.0.0.1", controller.port()));
    }

    private FakeController controller(Function<ApiMessage, ApiMessage> answers) throws IOException {
        FakeController c = new FakeController(answers);
        controllers.add(c);
        return c;
    }

    /** A controller's Kafka listener: answers each request on each connection with {@code answers}. */
    private static final class FakeController implements AutoCloseable {
        final List<ApiMessage> received = new CopyOnWriteArrayList<>();
        private final CompletableFuture<ApiMessage> first = new CompletableFuture<>();
        private final ServerSocket server = new ServerSocket(0);
        private final Function<ApiMessage, ApiMessage> answers;

        FakeController(Function<ApiMessage, ApiMessage> answers) throws IOException {
            this.answers = answers;
            Thread t = new Thread(this::accept, "fake-controller");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        ApiMessage awaitRequest() throws Exception {
            return first.get(10, TimeUnit.SECONDS);
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "fake-controller-connection");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
            try (s) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    RequestFrame request = RequestFrame.decode(ByteBuffer.wrap(frame));
                    received.add(request.body());
                    first.complete(request.body());
                    ByteBuffer answer = ResponseFrame.encode(request.correlationId(), request.apiKey(),
                            request.apiVersion(), answers.apply(request.body()));
                    byte[] bytes = new byte[answer.remaining()];
                    answer.get(bytes);
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException closed) {
                // the channel disconnected
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A quorum member that is never the active controller. */
    private static final class NotTheController implements MetadataNode {
        @Override
        public int nodeId() {
            return 2;
        }

        @Override
        public MetadataImage image() {
            return MetadataImage.EMPTY;
        }

        @Override
        public void subscribe(MetadataListener listener) {
        }

        @Override
        public void unsubscribe(MetadataListener listener) {
        }

        @Override
        public <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
            return CompletableFuture.failedFuture(new NotControllerException("node 2 is not the controller",
                    OptionalInt.of(1)));
        }

        @Override
        public boolean isActiveController() {
            return false;
        }

        @Override
        public OptionalInt controllerId() {
            return OptionalInt.of(1);
        }

        @Override
        public long latestSnapshotOffset() {
            return -1;
        }

        @Override
        public void close() {
        }
    }
}
