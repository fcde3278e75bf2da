package io.tributary.compat.jms;

import io.tributary.compat.TributaryProcess;
import io.tributary.jms.TributaryConnectionFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The provider's own tests: one Tributary process per test class, and a connection factory pointed at it. */
abstract class TributaryJmsNodeTest {

    /**
     * How long a receive waits to show that nothing (more) comes: the suite's {@link JmsProvider#quietPeriod()}, for
     * the measured delivery times given there.
     */
    static final long QUIET_MS = 300;

    @TempDir
    static Path dir;
    static TributaryProcess broker;
    static TributaryConnectionFactory factory;

    @BeforeAll
    static void startNode() throws Exception {
        // Lets a test give a queue a record lock under the default minimum of 15 s (a shorter wait for redelivery).
        broker = new TributaryProcess(dir, Map.of("group.share.min.record.lock.duration.ms", "1000")).start();
        factory = new TributaryConnectionFactory(broker.bootstrap());
    }

    @AfterAll
    static void stopNode() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
