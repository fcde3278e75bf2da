package io.tributary.broker;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.Errors;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import com.codahale.metrics.jmx.ObjectNameFactory;
import io.tributary.broker.network.RequestObserver;
import io.tributary.log.Log;
import io.tributary.log.LogManager;
import io.tributary.protocol.message.ApiKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The broker's metrics in a Dropwizard registry, exposed over JMX under the object names Kafka uses, so
 * dashboards and tools built for Kafka find them:
 * <ul>
 * <li>{@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec|BytesInPerSec|BytesOutPerSec}</li>
 * <li>{@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=<Api>} and
 * {@code name=TotalTimeMs,request=<Api>}</li>
 * <li>{@code kafka.server:type=ReplicaManager,name=PartitionCount}, {@code kafka.log:type=LogManager,name=Size}
 * (bytes of all logs)</li>
 * <li>replication: {@code kafka.server:type=ReplicaManager,name=LeaderCount|UnderReplicatedPartitions|
 * UnderMinIsrPartitionCount} (over the partitions this broker leads), {@code name=IsrShrinksPerSec|IsrExpandsPerSec}
 * (committed ISR changes of led partitions), and {@code kafka.controller:type=KafkaController,
 * name=OfflinePartitionsCount|ActiveControllerCount} (non-zero on the active controller only, as in Kafka)</li>
 * </ul>
 * A registry name is the JMX name itself ("domain:key=value,..."), which the reporter maps one to one.
 */
public final class BrokerMetrics implements RequestObserver, AutoCloseable {

    private final MetricRegistry registry = new MetricRegistry();
    private final Meter messagesIn = registry.meter("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec");
    private final Meter bytesIn = registry.meter("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec");
    private final Meter bytesOut = registry.meter("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec");
    private final Meter isrShrinks = registry.meter("kafka.server:type=ReplicaManager,name=IsrShrinksPerSec");
    private final Meter isrExpands = registry.meter("kafka.server:type=ReplicaManager,name=IsrExpandsPerSec");
    private final ConcurrentMap<ApiKey, Meter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<ApiKey, Histogram> totalTime = new ConcurrentHashMap<>();
    private final JmxReporter reporter;

    public BrokerMetrics() {
        reporter = JmxReporter.forRegistry(registry).createsObjectNamesWith(new KafkaNames()).build();
        reporter.start();
    }

    /** Gauges over the partitions and logs this broker holds. */
    void watch(Supplier<Integer> partitionCount, LogManager logs) {
        registry.gauge("kafka.server:type=ReplicaManager,name=PartitionCount", () -> partitionCount::get);
        registry.gauge("kafka.log:type=LogManager,name=Size", () -> () -> {
            long size = 0;
            for (Log log : logs.logs()) {
                size += log.sizeInBytes();
            }
            return size;
        });
    }

    /** Gauges over this broker's leaderships and, on the active controller, the cluster's partitions. */
    void watchReplication(PartitionManager partitions, MetadataNode metadata) {
        registry.gauge("kafka.server:type=ReplicaManager,name=LeaderCount",
                () -> () -> partitions.countLed(p -> true));
        registry.gauge("kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions",
                () -> () -> partitions.countLed(p -> p.registration().isr().size()
                        < p.registration().replicas().size()));
        registry.gauge("kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount",
                () -> () -> partitions.countLed(p -> p.checkEnoughReplicas() != Errors.NONE));
        registry.gauge("kafka.controller:type=KafkaController,name=ActiveControllerCount",
                () -> () -> metadata.isActiveController() ? 1 : 0);
        registry.gauge("kafka.controller:type=KafkaController,name=OfflinePartitionsCount", () -> () -> {
            if (!metadata.isActiveController()) {
                return 0;
            }
            int offline = 0;
            for (TopicImage t : metadata.image().topics().values()) {
                for (int i = 0; i < t.partitionCount(); i++) {
                    offline += t.partition(i).hasLeader() ? 0 : 1;
                }
            }
            return offline;
        });
        partitions.onIsrChange((before, after) -> (after < before ? isrShrinks : isrExpands).mark());
    }

    public void recordsIn(int records, int bytes) {
        messagesIn.mark(records);
        bytesIn.mark(bytes);
    }

    public void bytesOut(int bytes) {
        bytesOut.mark(bytes);
    }

    /** One request of an API answered after {@code nanos}. */
    @Override
    public void answered(ApiKey api, long nanos) {
        requests.computeIfAbsent(api, a -> registry.meter("kafka.network:type=RequestMetrics,name=RequestsPerSec,"
                + "request=" + a.apiName())).mark();
        // The lock-free decaying reservoir: the default one takes a lock and a skip-list insert per update, on the
        // event loop, for every request (tens of thousands a second from a consumer polling with max.wait 0).
        totalTime.computeIfAbsent(api, a -> registry.histogram("kafka.network:type=RequestMetrics,name=TotalTimeMs,"
                + "request=" + a.apiName(), () -> new Histogram(LockFreeExponentiallyDecayingReservoir.builder()
                .build()))).update(nanos / 1_000_000);
    }

    public MetricRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        reporter.close();
    }

    /** Uses the registry name as the JMX object name. */
    private static final class KafkaNames implements ObjectNameFactory {
        @Override
        public ObjectName createName(String type, String domain, String name) {
            try {
                return new ObjectName(name);
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException("metric name is not a JMX name: " + name, e);
            }
        }
    }
}
