package io.tributary.protocol.conformance;

import io.tributary.protocol.generator.MessageSpec;
import io.tributary.protocol.generator.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The message specs the codec was generated from: the headers and every API named in apis.txt. */
final class SpecCatalog {

    private SpecCatalog() {
    }

    static Path specDir() {
        return Path.of(System.getProperty("protocol.specs.dir", "target/kafka-message-specs/common/message"));
    }

    static List<MessageSpec> all() {
        Path dir = specDir();
        Path list = Path.of(System.getProperty("protocol.api.list", "src/main/codegen/apis.txt"));
        SpecParser parser = new SpecParser();
        List<MessageSpec> specs = new ArrayList<>();
        try {
            specs.add(parser.parse(dir.resolve("RequestHeader.json")));
            specs.add(parser.parse(dir.resolve("ResponseHeader.json")));
            for (String raw : Files.readAllLines(list)) {
                String name = raw.replaceFirst("#.*", "").strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.exists(dir.resolve(name + ".json"))) {
                    specs.add(parser.parse(dir.resolve(name + ".json")));
                } else {
                    specs.add(parser.parse(dir.resolve(name + "Request.json")));
                    specs.add(parser.parse(dir.resolve(name + "Response.json")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return specs;
    }
}
