package io.tributary.compat.jms;

import java.nio.file.Path;

/** Spring's JmsTemplate and DefaultMessageListenerContainer over Apache ActiveMQ Artemis, the reference provider. */
class SpringJmsCompatTest extends SpringJmsSuite {

    @Override
    protected JmsProvider startProvider(Path dir) throws Exception {
        return EmbeddedArtemis.start(dir);
    }
}
