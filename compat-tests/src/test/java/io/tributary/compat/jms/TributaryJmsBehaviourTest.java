package io.tributary.compat.jms;

import java.nio.file.Path;

/**
 * The JMS behaviour suite against Tributary's provider (jms-client) and a Tributary broker process. It asserts what
 * {@link ArtemisJmsBehaviourTest} asserts, except where {@link TributaryJms#deviations()} declares a documented
 * difference (compat-tests/README.md, "JMS deviations").
 */
class TributaryJmsBehaviourTest extends JmsBehaviourSuite {

    @Override
    protected JmsProvider startProvider(Path dir) throws Exception {
        return TributaryJms.start(dir);
    }
}
