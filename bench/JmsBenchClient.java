// Persistent-queue benchmark through a Jakarta Messaging 3.1 provider, for bench/jms-compare.sh (issue 18 item 5).
// Compiled at run time with javac against jakarta.jms-api only; the provider comes from the class path it runs with:
//
//   artemis     org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(URL), URL tcp://host:port
//               (artemis-jakarta-client, bench/maven/artemis-client)
//   tributary   io.tributary.jms.TributaryConnectionFactory(BOOTSTRAP) (jms-client of this checkout)
//
// Each factory with its defaults. Every producer and every consumer has a Connection of its own (one thread each);
// sessions are non-transacted, AUTO_ACKNOWLEDGE; messages are TextMessages of SIZE ASCII characters, DeliveryMode
// PERSISTENT, each with an int property "id" (0..N-1), a new message object for every send. Commands:
//
//   throughput PROVIDER CONNECT QUEUE RECORDS SIZE PRODUCERS CONSUMERS sync|async concurrent|phased
//       PRODUCERS threads send RECORDS messages to QUEUE (ids split in contiguous ranges) while, or before,
//       CONSUMERS threads receive them (competing consumers, receive(timeout) loops). Connections, sessions,
//       producers (and in concurrent mode consumers) are created before the clock starts:
//         sync        producer.send(message): JMS's default for persistent messages, returns once the provider has
//                     the broker's acknowledgement;
//         async       producer.send(message, CompletionListener), at most MAX_IN_FLIGHT (-Djms.maxInFlight, 10000)
//                     unconfirmed per producer; the send phase ends with the last completion. A provider that does
//                     not support it prints JMS status=unsupported and exits 3;
//         concurrent  consumers created and started first; timed from the first send until every id has been
//                     received (e2e), and the send phase separately (first send to last send returned/confirmed);
//         phased      all messages sent first (send phase timed alone), producers closed, then the consumers are
//                     created: receive timed from just before the first createConsumer until every id was received.
//       Exactly once: every id must be received, none twice. Once all ids are in, the consumers go on receiving for
//       DRAIN_MS (-Djms.drainMs, 1000) to catch duplicates, then close; then a fresh consumer must find the queue
//       empty for VERIFY_MS (-Djms.verifyMs, 3000): anything it gets is a leftover (acknowledged-but-redelivered or
//       never acknowledged). Fails (exit 1) on a missing id, a duplicate or a leftover, and when no new id arrives
//       for STALL_MS (-Djms.stallMs, 60000). Prints one line:
//       JMS status=ok records=N size=S producers=P consumers=C send=sync|async mode=.. send_ms=.. send_per_s=..
//           [e2e_ms=.. e2e_per_s=..] [receive_ms=.. receive_per_s=.. first_receive_ms=..] mb_per_s=..
//           send_p50_us=.. send_p99_us=.. (sync: the send call) received=.. duplicates=.. redelivered=..
//           leftover=.. per_consumer=a/b/c
//       (records_per_s is the mode's headline: e2e for concurrent, receive for phased; mb_per_s: text bytes
//       over that time, 1 MB = 1,048,576 B.)
//
//   latency PROVIDER CONNECT QUEUE MESSAGES SIZE WARMUP
//       One producer sends one message at a time (sync, persistent) and waits until the one consumer (receive loop)
//       has it; latency = just before send() -> receive() returned it, in the same JVM (System.nanoTime()). The first
//       WARMUP messages are not counted. Prints:
//       JMS status=ok messages=N avg_us=.. p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=.. send_p50_us=..
//           send_p99_us=.. duplicates=0 leftover=..
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

public final class JmsBenchClient {

    private static final long DRAIN_MS = Long.getLong("jms.drainMs", 1000);
    private static final long VERIFY_MS = Long.getLong("jms.verifyMs", 3000);
    private static final long STALL_MS = Long.getLong("jms.stallMs", 60_000);
    private static final int MAX_IN_FLIGHT = Integer.getInteger("jms.maxInFlight", 10_000);
    private static final long RECEIVE_POLL_MS = 100;

    public static void main(String[] args) throws Exception {
        int rc;
        try {
            rc = run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("JMS status=FAILED error=" + String.valueOf(t).replaceAll("\\s+", "_"));
            rc = 1;
        }
        System.out.flush();
        // Some providers leave non-daemon threads behind (client thread pools): do not wait for them.
        Runtime.getRuntime().halt(rc);
    }

    static int run(String[] args) throws Exception {
        int rc;
        if (args.length == 10 && args[0].equals("throughput")
                && (args[8].equals("sync") || args[8].equals("async"))
                && (args[9].equals("concurrent") || args[9].equals("phased"))) {
            rc = new Throughput(factory(args[1], args[2]), args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
                    args[8].equals("async"), args[9].equals("phased")).run();
        } else if (args.length == 7 && args[0].equals("latency")) {
            rc = latency(factory(args[1], args[2]), args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
        } else {
            System.err.println("usage: JmsBenchClient throughput artemis|tributary CONNECT QUEUE RECORDS SIZE PRODUCERS"
                    + " CONSUMERS sync|async concurrent|phased\n"
                    + "       JmsBenchClient latency artemis|tributary CONNECT QUEUE MESSAGES SIZE WARMUP");
            rc = 2;
        }
        return rc;
    }

    static ConnectionFactory factory(String provider, String connect) throws Exception {
        String className = switch (provider) {
            case "artemis" -> "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory";
            case "tributary" -> "io.tributary.jms.TributaryConnectionFactory";
            default -> throw new IllegalArgumentException("provider must be artemis or tributary: " + provider);
        };
        return (ConnectionFactory) Class.forName(className).getConstructor(String.class).newInstance(connect);
    }

    /** SIZE ASCII characters (one UTF-8 byte each), not one repeated letter. */
    static String payload(int size) {
        char[] c = new char[size];
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            c[i] = alphabet.charAt((int) Long.remainderUnsigned(x, alphabet.length()));
        }
        return new String(c);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Percentile (0..100) of sorted nanosecond values, in microseconds. */
    static String pctUs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return "n/a";
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return f1(sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0);
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("close: " + e);
            }
        }
    }

    /** A fresh consumer on the queue for VERIFY_MS: how many messages it still finds (each printed to stderr). */
    static int leftovers(ConnectionFactory factory, String queueName, long verifyMs) throws JMSException {
        Connection c = factory.createConnection();
        try {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queueName));
            c.start();
            int n = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(verifyMs);
            long left;
            while ((left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
                Message m = consumer.receive(left);
                if (m != null) {
                    n++;
                    if (n <= 10) {
                        System.err.println("leftover: id=" + (m.propertyExists("id") ? m.getIntProperty("id") : -1)
                                + " redelivered=" + m.getJMSRedelivered());
                    }
                }
            }
            return n;
        } finally {
            closeQuietly(c);
        }
    }

    // ------------------------------------------------------------------------------------------------ throughput

    static final class Throughput {
        final ConnectionFactory factory;
        final String queueName;
        final int records;
        final int size;
        final int producers;
        final int consumers;
        final boolean async;
        final boolean phased;
        final String text;

        final AtomicIntegerArray seen;
        final AtomicInteger distinct = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong redelivered = new AtomicLong();
        final AtomicLong lastNewNs = new AtomicLong();
        final AtomicLong firstReceiveNs = new AtomicLong();
        final CountDownLatch allIn = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stopConsumers;
        final long[] perConsumer;

        Throughput(ConnectionFactory factory, String queueName, int records, int size, int producers, int consumers,
                boolean async, boolean phased) {
            this.factory = factory;
            this.queueName = queueName;
            this.records = records;
            this.size = size;
            this.producers = producers;
            this.consumers = consumers;
            this.async = async;
            this.phased = phased;
            this.text = payload(size);
            this.seen = new AtomicIntegerArray(records);
            this.perConsumer = new long[consumers];
        }

        void fail(Throwable t) {
            if (failure.compareAndSet(null, t)) {
                t.printStackTrace();
            }
            allIn.countDown();
        }

        /** One consumer thread: its own connection; receive until told to stop. */
        final class ConsumerLoop extends Thread {
            final int index;
            final CountDownLatch ready;
            Connection connection;

            ConsumerLoop(int index, CountDownLatch ready) {
                super("consumer-" + index);
                this.index = index;
                this.ready = ready;
            }

            @Override
            public void run() {
                try {
                    connection = factory.createConnection();
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                    connection.start();
                    ready.countDown();
                    long mine = 0;
                    while (!stopConsumers) {
                        Message m = consumer.receive(RECEIVE_POLL_MS);
                        if (m == null) {
                            continue;
                        }
                        long now = System.nanoTime();
                        firstReceiveNs.compareAndSet(0, now);
                        mine++;
                        received.incrementAndGet();
                        if (m.getJMSRedelivered()) {
                            redelivered.incrementAndGet();
                        }
                        int id = m.getIntProperty("id");
                        String body = ((TextMessage) m).getText();
                        if (body == null || body.length() != size) {
                            throw new IllegalStateException("id " + id + ": body of " + (body == null ? "null"
                                    : body.length() + " characters") + ", sent " + size);
                        }
                        if (id < 0 || id >= records) {
                            throw new IllegalStateException("unknown id " + id);
                        }
                        if (seen.getAndIncrement(id) == 0) {
                            lastNewNs.set(now);
                            if (distinct.incrementAndGet() == records) {
                                allIn.countDown();
                            }
                        } else {
                            duplicates.incrementAndGet();
                            if (duplicates.get() <= 10) {
                                System.err.println("duplicate: id=" + id + " redelivered=" + m.getJMSRedelivered());
                            }
                        }
                    }
                    perConsumer[index] = mine;
                } catch (Throwable t) {
                    ready.countDown();
                    fail(t);
                }
            }
        }

        /** Sends ids [from, to); returns the nanosecond durations of the sync send calls (empty for async). */
        final class ProducerLoop extends Thread {
            final int from;
            final int to;
            final CountDownLatch ready;
            final CountDownLatch go;
            final long[] sendNs;
            volatile long doneNs;
            volatile boolean unsupported;

            ProducerLoop(int index, int from, int to, CountDownLatch ready, CountDownLatch go) {
                super("producer-" + index);
                this.from = from;
                this.to = to;
                this.ready = ready;
                this.go = go;
                this.sendNs = async ? new long[0] : new long[to - from];
            }

            @Override
            public void run() {
                Connection connection = null;
                try {
                    connection = factory.createConnection();
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue(queueName));
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    ready.countDown();
                    go.await();
                    if (async) {
                        Semaphore window = new Semaphore(MAX_IN_FLIGHT);
                        AtomicInteger confirmed = new AtomicInteger();
                        CountDownLatch allConfirmed = new CountDownLatch(1);
                        int n = to - from;
                        CompletionListener listener = new CompletionListener() {
                            @Override
                            public void onCompletion(Message message) {
                                window.release();
                                if (confirmed.incrementAndGet() == n) {
                                    allConfirmed.countDown();
                                }
                            }

                            @Override
                            public void onException(Message message, Exception exception) {
                                window.release();
                                fail(exception);
                                allConfirmed.countDown();
                            }
                        };
                        for (int id = from; id < to; id++) {
                            TextMessage m = session.createTextMessage(text);
                            m.setIntProperty("id", id);
                            window.acquire();
                            try {
                                producer.send(m, listener);
                            } catch (UnsupportedOperationException | AbstractMethodError e) {
                                unsupported = true;
                                throw e;
                            } catch (JMSException e) {
                                if (id == from && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
                                        .contains("support")) {
                                    unsupported = true;
                                }
                                throw e;
                            }
                        }
                        if (n > 0 && !allConfirmed.await(STALL_MS, TimeUnit.MILLISECONDS)) {
                            throw new IllegalStateException("only " + confirmed.get() + " of " + n
                                    + " async sends confirmed after " + STALL_MS + " ms");
                        }
                    } else {
                        for (int id = from; id < to; id++) {
                            TextMessage m = session.createTextMessage(text);
                            m.setIntProperty("id", id);
                            long t0 = System.nanoTime();
                            producer.send(m);
                            sendNs[id - from] = System.nanoTime() - t0;
                        }
                    }
                    doneNs = System.nanoTime();
                } catch (Throwable t) {
                    ready.countDown();
                    fail(t);
                } finally {
                    closeQuietly(connection);
                }
            }
        }

        int run() throws Exception {
            List<ConsumerLoop> consumerLoops = new ArrayList<>();
            List<ProducerLoop> producerLoops = new ArrayList<>();
            CountDownLatch producersReady = new CountDownLatch(producers);
            CountDownLatch go = new CountDownLatch(1);
            for (int p = 0; p < producers; p++) {
                int from = (int) ((long) records * p / producers);
                int to = (int) ((long) records * (p + 1) / producers);
                producerLoops.add(new ProducerLoop(p, from, to, producersReady, go));
            }
            CountDownLatch consumersReady = new CountDownLatch(consumers);
            for (int c = 0; c < consumers; c++) {
                consumerLoops.add(new ConsumerLoop(c, consumersReady));
            }

            long sendStart;
            long sendEnd;
            long receiveStart = 0;
            if (!phased) {
                consumerLoops.forEach(Thread::start);
                consumersReady.await();
            }
            producerLoops.forEach(Thread::start);
            producersReady.await(); // the producers' connections, sessions and producers: not timed
            sendStart = System.nanoTime();
            go.countDown();
            for (ProducerLoop p : producerLoops) {
                p.join();
            }
            for (ProducerLoop p : producerLoops) {
                if (p.unsupported) {
                    stopConsumers = true;
                    System.out.println("JMS status=unsupported send=async reason="
                            + String.valueOf(failure.get()).replace(' ', '_'));
                    return 3;
                }
            }
            sendEnd = producerLoops.stream().mapToLong(p -> p.doneNs).max().orElse(sendStart);
            if (phased && failure.get() == null) {
                receiveStart = System.nanoTime();
                consumerLoops.forEach(Thread::start);
            }
            // Wait for every id, failing when none new arrives for STALL_MS.
            long lastProgress = System.nanoTime();
            int lastDistinct = -1;
            while (failure.get() == null && !allIn.await(1, TimeUnit.SECONDS)) {
                int d = distinct.get();
                if (d != lastDistinct) {
                    lastDistinct = d;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
                    fail(new IllegalStateException("stalled: " + d + " of " + records + " ids received, none new for "
                            + STALL_MS + " ms"));
                }
            }
            long end = lastNewNs.get();
            if (failure.get() == null) {
                Thread.sleep(DRAIN_MS); // duplicates still on their way
            }
            stopConsumers = true;
            for (ConsumerLoop c : consumerLoops) {
                c.join(30_000);
                closeQuietly(c.connection);
            }
            int leftover = failure.get() == null ? leftovers(factory, queueName, VERIFY_MS) : -1;

            long[] sends = producerLoops.stream().flatMapToLong(p -> Arrays.stream(p.sendNs)).sorted().toArray();
            double sendMs = (sendEnd - sendStart) / 1e6;
            StringBuilder line = new StringBuilder();
            boolean ok = failure.get() == null && distinct.get() == records && duplicates.get() == 0 && leftover == 0;
            line.append("JMS status=").append(ok ? "ok" : "FAILED");
            line.append(" records=").append(records).append(" size=").append(size);
            line.append(" producers=").append(producers).append(" consumers=").append(consumers);
            line.append(" send=").append(async ? "async" : "sync").append(" mode=").append(phased ? "phased" : "concurrent");
            line.append(" send_ms=").append(f1(sendMs)).append(" send_per_s=").append(f0(records / (sendMs / 1e3)));
            double headlineMs;
            if (phased) {
                headlineMs = (end - receiveStart) / 1e6;
                line.append(" receive_ms=").append(f1(headlineMs));
                line.append(" receive_per_s=").append(f0(records / (headlineMs / 1e3)));
                line.append(" first_receive_ms=").append(f1((firstReceiveNs.get() - receiveStart) / 1e6));
            } else {
                headlineMs = (end - sendStart) / 1e6;
                line.append(" e2e_ms=").append(f1(headlineMs));
                line.append(" e2e_per_s=").append(f0(records / (headlineMs / 1e3)));
            }
            line.append(" records_per_s=").append(f0(records / (headlineMs / 1e3)));
            line.append(" mb_per_s=").append(String.format(Locale.ROOT, "%.2f",
                    (double) records * size / 1048576.0 / (headlineMs / 1e3)));
            line.append(" send_p50_us=").append(pctUs(sends, 50)).append(" send_p99_us=").append(pctUs(sends, 99));
            line.append(" received=").append(received.get()).append(" distinct=").append(distinct.get());
            line.append(" duplicates=").append(duplicates.get()).append(" redelivered=").append(redelivered.get());
            line.append(" leftover=").append(leftover);
            StringBuilder pc = new StringBuilder();
            for (long n : perConsumer) {
                pc.append(pc.length() == 0 ? "" : "/").append(n);
            }
            line.append(" per_consumer=").append(pc);
            if (failure.get() != null) {
                line.append(" error=").append(String.valueOf(failure.get()).replaceAll("\\s+", "_"));
            }
            System.out.println(line);
            return ok ? 0 : 1;
        }
    }

    // ------------------------------------------------------------------------------------------------ latency

    static int latency(ConnectionFactory factory, String queueName, int messages, int size, int warmup)
            throws Exception {
        int total = warmup + messages;
        String text = payload(size);
        BlockingQueue<long[]> arrivals = new ArrayBlockingQueue<>(16);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Connection consumerConnection = factory.createConnection();
        Connection producerConnection = factory.createConnection();
        long[] latencies = new long[messages];
        long[] sendCalls = new long[messages];
        int duplicates = 0;
        int leftover;
        Thread consumerThread;
        AtomicBoolean stop = new AtomicBoolean();
        try {
            Session cs = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = cs.createConsumer(cs.createQueue(queueName));
            consumerConnection.start();
            consumerThread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Message m = consumer.receive(RECEIVE_POLL_MS);
                        if (m != null) {
                            long now = System.nanoTime();
                            arrivals.put(new long[] {m.getIntProperty("id"), now});
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "consumer");
            consumerThread.start();
            Session ps = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = ps.createProducer(ps.createQueue(queueName));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int id = 0; id < total; id++) {
                TextMessage m = ps.createTextMessage(text);
                m.setIntProperty("id", id);
                long t0 = System.nanoTime();
                producer.send(m);
                long t1 = System.nanoTime();
                long[] got;
                while (true) {
                    got = arrivals.poll(STALL_MS, TimeUnit.MILLISECONDS);
                    if (got == null) {
                        throw new IllegalStateException("message " + id + " not received within " + STALL_MS + " ms"
                                + (failure.get() == null ? "" : ": " + failure.get()));
                    }
                    if (got[0] == id) {
                        break;
                    }
                    duplicates++;
                    System.err.println("unexpected: id=" + got[0] + " while waiting for " + id);
                }
                if (id >= warmup) {
                    latencies[id - warmup] = got[1] - t0;
                    sendCalls[id - warmup] = t1 - t0;
                }
            }
            Thread.sleep(DRAIN_MS);
            stop.set(true);
            consumerThread.join(30_000);
            long[] late;
            while ((late = arrivals.poll()) != null) {
                duplicates++;
                System.err.println("unexpected after the end: id=" + late[0]);
            }
        } finally {
            stop.set(true);
            closeQuietly(producerConnection);
            closeQuietly(consumerConnection);
        }
        leftover = leftovers(factory, queueName, VERIFY_MS);
        Arrays.sort(latencies);
        Arrays.sort(sendCalls);
        double avgUs = Arrays.stream(latencies).average().orElse(0) / 1000.0;
        boolean ok = failure.get() == null && duplicates == 0 && leftover == 0;
        System.out.println("JMS status=" + (ok ? "ok" : "FAILED") + " messages=" + messages + " size=" + size
                + " avg_us=" + f1(avgUs) + " p50_us=" + pctUs(latencies, 50) + " p90_us=" + pctUs(latencies, 90)
                + " p99_us=" + pctUs(latencies, 99) + " p999_us=" + pctUs(latencies, 99.9)
                + " max_us=" + pctUs(latencies, 100) + " send_p50_us=" + pctUs(sendCalls, 50)
                + " send_p99_us=" + pctUs(sendCalls, 99) + " duplicates=" + duplicates + " leftover=" + leftover
                + (failure.get() == null ? "" : " error=" + String.valueOf(failure.get()).replaceAll("\\s+", "_")));
        return ok ? 0 : 1;
    }
}
