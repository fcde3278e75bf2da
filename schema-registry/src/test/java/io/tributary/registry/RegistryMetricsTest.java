package io.tributary.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class RegistryMetricsTest {

    @Test
    void metricsAppearOnJmxUnderConfluentsDomain() throws Exception {
        try (RegistryMetrics metrics = new RegistryMetrics()) {
            metrics.registry().meter("kafka.schema.registry:type=jersey-metrics,name=request-rate").mark(3);
            Object count = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("kafka.schema.registry:type=jersey-metrics,name=request-rate"), "Count");
            assertThat(count).isEqualTo(3L);
        }
    }
}
