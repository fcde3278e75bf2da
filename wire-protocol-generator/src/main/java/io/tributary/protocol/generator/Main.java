package io.tributary.protocol.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the codec: {@code Main <spec dir> <api list> <output dir>}. The api list names one API per line
 * (e.g. {@code Produce}, giving ProduceRequest and ProduceResponse) or one data message spec (e.g.
 * {@code ConsumerProtocolSubscription}); {@code #} starts a comment. The request and response headers are
 * always generated.
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
        SpecParser parser = new SpecParser();

        List<MessageSpec> messages = new ArrayList<>();
        List<ApiKeyGenerator.Api> apis = new ArrayList<>();
        messages.add(parser.parse(specDir.resolve("RequestHeader.json")));
        messages.add(parser.parse(specDir.resolve("ResponseHeader.json")));
        for (String raw : Files.readAllLines(apiList)) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            Path single = specDir.resolve(line + ".json");
            if (Files.exists(single)) {
                messages.add(parser.parse(single));
                continue;
            }
            MessageSpec request = parser.parse(specDir.resolve(line + "Request.json"));
            MessageSpec response = parser.parse(specDir.resolve(line + "Response.json"));
            messages.add(request);
            messages.add(response);
            apis.add(new ApiKeyGenerator.Api(request, response));
        }
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
