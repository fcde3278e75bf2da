package io.tributary.compat.jms;

import java.nio.file.Path;

/** Spring's JmsTemplate and DefaultMessageListenerContainer over Tributary's provider and a Tributary broker. */
class SpringJmsTributaryCompatTest extends SpringJmsSuite {

    @Override
    protected JmsProvider startProvider(Path dir) throws Exception {
        return TributaryJms.start(dir);
    }
}
