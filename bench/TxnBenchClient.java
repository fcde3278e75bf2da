// The transactional producer of bench/txn-compare.sh, compiled at run time with javac against the kafka-clients that
// ship with Kafka's tools (bench/maven/kafka-tools), as BenchClient.java. Kafka's ProducerPerformance can make a
// transactional producer, but it commits on a timer (--transaction-duration-ms), not every N records. One command:
//
//   produce BOOTSTRAP TOPIC RECORDS RECORDS_PER_TXN SIZE PARTITIONS TRANSACTIONAL_ID [producer-prop=value...]
//       initTransactions(), then RECORDS records of SIZE bytes in transactions of RECORDS_PER_TXN records (the last
//       one shorter if RECORDS is not a multiple): beginTransaction(), RECORDS_PER_TXN asynchronous send()s, flush(),
//       commitTransaction(). Record i goes to partition i % PARTITIONS (no key), so every transaction writes to
//       every partition: one AddPartitionsToTxn (or, with transaction version 2, implicit adds through Produce)
//       and one COMMIT marker per partition per transaction. The value is the same SIZE random upper-case letters
//       for every record, as ProducerPerformance's. The explicit flush() before commitTransaction() changes nothing
//       on the wire (commitTransaction() flushes first too) but splits each transaction's time into its three
//       parts: sending (the client's own CPU, until the last send() returns), flushing (until every Produce is
//       acknowledged) and committing (EndTxn, answered by the coordinator). Prints a progress line every 5 s to
//       stderr, then one line to stdout:
//       TXN records=.. txns=.. tv=.. init_ms=.. elapsed_s=.. records_per_s=.. mb_per_s=.. txns_per_s=..
//           send_avg_ms=.. flush_avg_ms=.. commit_avg_ms=.. commit_p50_ms=.. commit_p99_ms=.. commit_max_ms=..
//           txn_p50_ms=.. txn_p99_ms=..
//       (tv is the transaction.version the cluster has finalized, as Admin.describeFeatures reports it; -1 if none.)
//       The clock runs from the first beginTransaction() to the end of the last commitTransaction():
//       initTransactions() (FindCoordinator, InitProducerId, on Kafka the creation of __transaction_state) is
//       reported apart as init_ms.
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class TxnBenchClient {

    public static void main(String[] args) throws Exception {
        if (args.length >= 8 && args[0].equals("produce")) {
            produce(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), args[7], Arrays.copyOfRange(args, 8, args.length));
        } else {
            System.err.println("usage: TxnBenchClient produce BOOTSTRAP TOPIC RECORDS RECORDS_PER_TXN SIZE PARTITIONS "
                    + "TRANSACTIONAL_ID [producer-prop=value...]");
            System.exit(2);
        }
    }

    static void produce(String bootstrap, String topic, long records, int perTxn, int size, int partitions,
                        String transactionalId, String[] extraProps) throws Exception {
        if (records <= 0 || perTxn <= 0 || size <= 0 || partitions <= 0) {
            throw new IllegalArgumentException("RECORDS, RECORDS_PER_TXN, SIZE and PARTITIONS must be positive");
        }
        int tv = transactionVersion(bootstrap);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("transactional.id", transactionalId);
        for (String p : extraProps) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + p);
            }
            props.put(p.substring(0, eq), p.substring(eq + 1));
        }
        byte[] value = new byte[size];
        Random random = new Random(0);
        for (int i = 0; i < size; i++) {
            value[i] = (byte) ('A' + random.nextInt(26));
        }
        int txns = (int) ((records + perTxn - 1) / perTxn);
        long[] commitNs = new long[txns];
        long[] txnNs = new long[txns];
        long sendNs = 0;
        long flushNs = 0;
        AtomicReference<Exception> sendError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long t = System.nanoTime();
            producer.initTransactions();
            long initNs = System.nanoTime() - t;
            long start = System.nanoTime();
            long nextReport = start + TimeUnit.SECONDS.toNanos(5);
            long lastReportRecords = 0;
            long lastReport = start;
            long sent = 0;
            for (int txn = 0; txn < txns; txn++) {
                long t0 = System.nanoTime();
                producer.beginTransaction();
                long n = Math.min(perTxn, records - sent);
                for (long i = 0; i < n; i++) {
                    producer.send(new ProducerRecord<>(topic, (int) ((sent + i) % partitions), null, value), (md, e) -> {
                        if (e != null) {
                            sendError.compareAndSet(null, e);
                        }
                    });
                }
                sent += n;
                long t1 = System.nanoTime();
                producer.flush();
                long t2 = System.nanoTime();
                if (sendError.get() != null) {
                    throw new IllegalStateException("send failed in transaction " + txn, sendError.get());
                }
                producer.commitTransaction();
                long t3 = System.nanoTime();
                sendNs += t1 - t0;
                flushNs += t2 - t1;
                commitNs[txn] = t3 - t2;
                txnNs[txn] = t3 - t0;
                if (t3 >= nextReport) {
                    System.err.printf(Locale.ROOT, "%d records in %d transactions, %.1f records/s over the last %.1f s%n",
                            sent, txn + 1, (sent - lastReportRecords) / ((t3 - lastReport) / 1e9), (t3 - lastReport) / 1e9);
                    lastReport = t3;
                    lastReportRecords = sent;
                    nextReport = t3 + TimeUnit.SECONDS.toNanos(5);
                }
            }
            double elapsedS = (System.nanoTime() - start) / 1e9;
            long commitSum = 0;
            for (long c : commitNs) {
                commitSum += c;
            }
            Arrays.sort(commitNs);
            Arrays.sort(txnNs);
            System.out.printf(Locale.ROOT,
                    "TXN records=%d txns=%d tv=%d init_ms=%.1f elapsed_s=%.3f records_per_s=%.1f mb_per_s=%.2f "
                            + "txns_per_s=%.1f send_avg_ms=%.3f flush_avg_ms=%.3f commit_avg_ms=%.3f commit_p50_ms=%.3f "
                            + "commit_p99_ms=%.3f commit_max_ms=%.3f txn_p50_ms=%.3f txn_p99_ms=%.3f%n",
                    records, txns, tv, initNs / 1e6, elapsedS, records / elapsedS,
                    records * (double) size / elapsedS / (1024 * 1024), txns / elapsedS,
                    sendNs / 1e6 / txns, flushNs / 1e6 / txns, commitSum / 1e6 / txns,
                    pct(commitNs, 0.50), pct(commitNs, 0.99), commitNs[txns - 1] / 1e6,
                    pct(txnNs, 0.50), pct(txnNs, 0.99));
        }
    }

    /** The cluster's finalized transaction.version, -1 if it has none (or the broker does not say). */
    static int transactionVersion(String bootstrap) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
            FinalizedVersionRange range = features.finalizedFeatures().get("transaction.version");
            return range == null ? -1 : range.maxVersionLevel();
        } catch (Exception e) {
            System.err.println("describeFeatures failed: " + e);
            return -1;
        }
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double pct(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
