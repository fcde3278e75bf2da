package io.tributary.compat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP proxy between Kafka clients and one broker that can lose a Produce response: once armed, it forwards the
 * next Produce request to the broker, waits for the broker's response — so the broker has handled it — and then
 * closes both sides of that connection instead of relaying the response. The client sees a broken connection
 * and must retry a batch the broker already has.
 *
 * <p>It reads the Kafka framing in both directions: client to broker, {@code int32 size, int16 api key, int16
 * api version, int32 correlation id, ...}; broker to client, {@code int32 size, int32 correlation id, ...}.
 *
 * <p>Started with {@link #startRelay} instead, it relays raw bytes (any protocol: a Kafka listener or a Raft port)
 * and can play a network partition: {@link #partition} makes the connections a predicate picks — those open and
 * those accepted later — silently drop every byte in both directions while staying open (as packets lost on the
 * wire: no reset, no refusal, the peers only time out); {@link #heal} closes those connections (as the peers' timeouts
 * would) and relays new ones again.
 */
final class CuttingProxy implements AutoCloseable {

    private static final short PRODUCE = 0;

    private final ServerSocket server;
    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int brokerPort;
    private final List<Relayed> relayed = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Predicate<Socket> partitioned;

    CuttingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Starts accepting clients and relaying them to the broker on this loopback port. */
    void start(int brokerPort) {
        this.brokerPort = brokerPort;
        daemon("proxy-accept", this::accept);
    }

    /** The next Produce request to pass through will have its response dropped with the connection. */
    void cutNextProduceReply() {
        armed.incrementAndGet();
    }

    /** How many connections were cut after the broker answered a Produce request. */
    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                Set<Integer> toCut = ConcurrentHashMap.newKeySet();
                daemon("proxy-requests", () -> requests(client, broker, toCut));
                daemon("proxy-responses", () -> responses(client, broker, toCut));
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void requests(Socket client, Socket broker, Set<Integer> toCut) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(broker.getOutputStream());
            while (true) {
                byte[] frame = readFrame(in);
                short apiKey = (short) (((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
                if (apiKey == PRODUCE && takeArmed()) {
                    toCut.add(correlationId(frame, 4));
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            closeBoth(client, broker);
        }
    }

    private void responses(Socket client, Socket broker, Set<Integer> toCut) {
        try {
            DataInputStream in = new DataInputStream(broker.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                byte[] frame = readFrame(in);
                if (toCut.contains(correlationId(frame, 0))) {
                    cuts.incrementAndGet();
                    closeBoth(client, broker);
                    return;
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            closeBoth(client, broker);
        }
    }

    /** Starts accepting connections and relaying their bytes, whatever the protocol, to this loopback port. */
    void startRelay(int targetPort) {
        this.brokerPort = targetPort;
        daemon("relay-accept", this::acceptRelayed);
    }

    /**
     * From now on the connections {@code cutOff} picks (given the accepted socket; open ones and new ones) drop every
     * byte both ways and stay open, until {@link #heal}.
     */
    void partition(Predicate<Socket> cutOff) {
        partitioned = cutOff;
        for (Relayed r : relayed) {
            if (cutOff.test(r.client)) {
                r.cut = true;
            }
        }
    }

    /** Ends {@link #partition}: closes the connections it cut and relays every connection again. */
    void heal() {
        partitioned = null;
        for (Relayed r : relayed) {
            if (r.cut) {
                closeBoth(r.client, r.target);
                relayed.remove(r);
            }
        }
    }

    /** How many connections this relay accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void acceptRelayed() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Socket target;
                try {
                    target = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                } catch (IOException refused) {
                    client.close();   // the target is not listening (e.g. restarting): refuse this one, keep accepting
                    continue;
                }
                sockets.add(client);
                sockets.add(target);
                Relayed r = new Relayed(client, target);
                Predicate<Socket> cutOff = partitioned;
                r.cut = cutOff != null && cutOff.test(client);
                relayed.add(r);
                daemon("relay-in", () -> pump(r, client, target));
                daemon("relay-out", () -> pump(r, target, client));
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void pump(Relayed r, Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            java.io.InputStream in = from.getInputStream();
            java.io.OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!r.cut) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closed by the other pump, heal() or close()
        }
        if (r.cut) {
            // a close is lost in a partition like any other packet: the far side learns of it at heal()
            closeBoth(from, from);
            return;
        }
        closeBoth(from, to);
        relayed.remove(r);
    }

    /** A relayed connection: the accepted socket, the one to the target, and whether a partition cut it. */
    private static final class Relayed {
        final Socket client;
        final Socket target;
        volatile boolean cut;

        Relayed(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }
    }

    private boolean takeArmed() {
        while (true) {
            int n = armed.get();
            if (n == 0) {
                return false;
            }
            if (armed.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    private static int correlationId(byte[] frame, int at) {
        return ((frame[at] & 0xff) << 24) | ((frame[at + 1] & 0xff) << 16) | ((frame[at + 2] & 0xff) << 8)
                | (frame[at + 3] & 0xff);
    }

    private static void closeBoth(Socket a, Socket b) {
        for (Socket s : List.of(a, b)) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
