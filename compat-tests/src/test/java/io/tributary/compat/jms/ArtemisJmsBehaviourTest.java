package io.tributary.compat.jms;

import java.nio.file.Path;

/**
 * The JMS behaviour suite against the reference provider, Apache ActiveMQ Artemis (embedded, persistent, over TCP on
 * loopback): every test there passes against Artemis, so each states what a JMS application may rely on.
 */
class ArtemisJmsBehaviourTest extends JmsBehaviourSuite {

    @Override
    protected JmsProvider startProvider(Path dir) throws Exception {
        return EmbeddedArtemis.start(dir);
    }
}
