package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The librdkafka tests never skip: without kcat they fail and say how to get it. */
class KcatLocateTest {

    @TempDir
    Path dir;

    @Test
    void aMissingKcatFailsWithInstructionsToInstallIt() {
        assertThatThrownBy(() -> Kcat.locate(dir, dir.resolve("empty-bin").toString()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("kcat")
                .hasMessageContaining("apt-get install kcat")
                .hasMessageContaining(".ci/run");
    }
}
