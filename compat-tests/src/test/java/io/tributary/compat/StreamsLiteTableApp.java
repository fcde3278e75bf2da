package io.tributary.compat;

import io.tributary.streams.Consumed;
import io.tributary.streams.Materialized;
import io.tributary.streams.StateRestoreListener;
import io.tributary.streams.StreamsApplication;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.state.ReadOnlyKeyValueStore;
import java.util.Properties;
import java.util.zip.CRC32;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A streams-lite table of a topic in a RocksDB store, in a process of its own for
 * {@link StreamsLiteLargeStateCompatTest}: {@code bootstrap applicationId inputTopic stateDir sampleKey...}.
 * Prints, flushed: {@code STREAMS STATE <new> <old>}; {@code STREAMS RESTORING <changelog> <restored so far>}
 * at most every 10,000 records restored; {@code STREAMS RESTORED <changelog> <records>}; and every second once
 * RUNNING, {@code STORE <entries> <key>=<crc32 of its value>...} for the sample keys.
 */
final class StreamsLiteTableApp {

    private StreamsLiteTableApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(args[2], Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[]>as("blobs").withStoreType(Materialized.StoreType.ROCKS_DB));
        Properties p = new Properties();
        p.put("application.id", args[1]);
        p.put("bootstrap.servers", args[0]);
        p.put("state.dir", args[3]);
        p.put("commit.interval.ms", "500");
        // A small heap: fetches must stay well below it (Kafka's default fetch.max.bytes is 50 MiB).
        for (String client : new String[] {"consumer.", "restore.consumer."}) {
            p.put(client + "fetch.max.bytes", "4194304");
            p.put(client + "max.partition.fetch.bytes", "1048576");
        }
        StreamsApplication app = new StreamsApplication(builder.build(), p);
        app.setStateListener((now, before) -> System.out.println("STREAMS STATE " + now + " " + before));
        app.setGlobalStateRestoreListener(new StateRestoreListener() {
            private long reported;

            @Override
            public void onRestoreStart(TopicPartition changelog, String store, long start, long end) {
                System.out.println("STREAMS RESTORE START " + changelog + " " + start + " " + end);
            }

            @Override
            public void onBatchRestored(TopicPartition changelog, String store, long batchEnd, long restored) {
                if (restored - reported >= 10_000) {
                    reported = restored;
                    System.out.println("STREAMS RESTORING " + changelog + " " + restored);
                }
            }

            @Override
            public void onRestoreEnd(TopicPartition changelog, String store, long total) {
                System.out.println("STREAMS RESTORED " + changelog + " " + total);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.start();
        while (true) {
            Thread.sleep(1000);
            if (app.state() == StreamsApplication.State.RUNNING) {
                ReadOnlyKeyValueStore<String, byte[]> store = app.store("blobs");
                StringBuilder line = new StringBuilder("STORE ").append(store.approximateNumEntries());
                for (int i = 4; i < args.length; i++) {
                    byte[] value = store.get(args[i]);
                    line.append(' ').append(args[i]).append('=').append(value == null ? "none" : crc(value));
                }
                System.out.println(line);
            }
            if (app.state() == StreamsApplication.State.ERROR) {
                System.exit(1);
            }
        }
    }

    static long crc(byte[] value) {
        CRC32 crc = new CRC32();
        crc.update(value);
        return crc.getValue();
    }
}
