package io.tributary.compat;

import io.tributary.streams.Consumed;
import io.tributary.streams.Grouped;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StateRestoreListener;
import io.tributary.streams.StreamsApplication;
import io.tributary.streams.StreamsBuilder;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;

/**
 * streams-lite's word count in a process of its own, for {@link StreamsLiteWordCountCompatTest} to SIGKILL:
 * {@code bootstrap applicationId inputTopic outputTopic stateDir guarantee}. The same topology as
 * {@link StreamsWordCountApp} (split, regroup by word through {@code <applicationId>-counts-repartition}, count in
 * store {@code counts}, every changed count to the output as a long), with a 200 ms commit interval.
 *
 * <p>Prints, flushed: {@code STREAMS STATE <new> <old>} on each state change and {@code STREAMS RESTORED
 * <changelog partition> <records>} when a store was rebuilt; exits 1 on {@code ERROR}.
 */
final class StreamsLiteWordCountApp {

    private StreamsLiteWordCountApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[2], Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(StreamsWordCountApp::words)
                .groupBy((line, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as(StreamsWordCountApp.STORE))
                .toStream()
                .to(args[3], Produced.with(Serdes.String(), Serdes.Long()));

        Properties p = new Properties();
        p.put("application.id", args[1]);
        p.put("bootstrap.servers", args[0]);
        p.put("state.dir", args[4]);
        p.put("processing.guarantee", args[5]);
        p.put("commit.interval.ms", "200");
        p.put("consumer.session.timeout.ms", "6000");
        p.put("consumer.heartbeat.interval.ms", "1000");

        StreamsApplication app = new StreamsApplication(builder.build(), p);
        CountDownLatch stopped = new CountDownLatch(1);
        app.setStateListener((now, before) -> {
            System.out.println("STREAMS STATE " + now + " " + before);
            if (now == StreamsApplication.State.ERROR || now == StreamsApplication.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        app.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition changelog, String store, long start, long end) {
            }

            @Override
            public void onBatchRestored(TopicPartition changelog, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition changelog, String store, long total) {
                System.out.println("STREAMS RESTORED " + changelog + " " + total);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.start();
        stopped.await();
        System.exit(app.state() == StreamsApplication.State.ERROR ? 1 : 0);
    }
}
