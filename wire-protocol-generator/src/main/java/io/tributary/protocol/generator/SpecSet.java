package io.tributary.protocol.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The specs a codec is generated from: the request and response headers, then for each line of the api list
 * either an API (name {@code X}: {@code XRequest.json} and {@code XResponse.json}) or a data message spec
 * ({@code X.json}). {@code #} starts a comment.
 *
 * @param messages every spec, headers first, in list order
 * @param apis     the request/response pairs, in list order
 */
public record SpecSet(List<MessageSpec> messages, List<ApiKeyGenerator.Api> apis) {

    public static SpecSet load(Path specDir, Path apiList) throws IOException {
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
        return new SpecSet(List.copyOf(messages), List.copyOf(apis));
    }
}
