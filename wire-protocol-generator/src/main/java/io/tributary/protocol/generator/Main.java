package io.tributary.protocol.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the codec: {@code Main <spec dir> <api list> <output dir>}; see {@link SpecSet} for the api list.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Main <spec dir> <api list> <output dir>");
        }
        Path specDir = Path.of(args[0]);
        Path apiList = Path.of(args[1]);
        Path outDir = Path.of(args[2]).resolve(MessageGenerator.PACKAGE.replace('.', '/'));
        Files.createDirectories(outDir);
        SpecSet specs = SpecSet.load(specDir, apiList);
        List<MessageSpec> messages = specs.messages();
        List<ApiKeyGenerator.Api> apis = new ArrayList<>(specs.apis());
        for (MessageSpec spec : messages) {
            MessageGenerator generator = new MessageGenerator(spec);
            write(outDir.resolve(generator.className() + ".java"), generator.generate());
        }
        apis.sort((a, b) -> Integer.compare(a.request().apiKey(), b.request().apiKey()));
        write(outDir.resolve("ApiKey.java"), new ApiKeyGenerator(apis).generate());
        write(outDir.resolve("package-info.java"), """
                /**
                 * Generated from Kafka's JSON message specs (do not edit): one class per request, response and header,
                 * each reading, writing and sizing itself for every version of its spec, and {@link ApiKey}, the table
                 * of APIs. Which specs are generated is listed in wire-protocol/src/main/codegen/apis.txt.
                 */
                package %s;
                """.formatted(MessageGenerator.PACKAGE));
        System.out.println("generated " + messages.size() + " messages and " + apis.size() + " api keys into " + outDir);
    }

    /** Writes only when the content changed, so an unchanged spec does not force a recompile. */
    private static void write(Path file, String content) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return;
        }
        Files.writeString(file, content);
    }
}
