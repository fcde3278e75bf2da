package io.tributary.protocol.conformance;

import io.tributary.protocol.generator.MessageSpec;
import io.tributary.protocol.generator.SpecSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The message specs the codec was generated from, located by the build (see the surefire configuration). */
final class SpecCatalog {

    private SpecCatalog() {
    }

    static List<MessageSpec> all() {
        Path dir = Path.of(System.getProperty("protocol.specs.dir", "target/kafka-message-specs/common/message"));
        Path list = Path.of(System.getProperty("protocol.api.list", "src/main/codegen/apis.txt"));
        try {
            return SpecSet.load(dir, list).messages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
