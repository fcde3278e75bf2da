package io.tributary.protocol.generator;

import java.util.List;
import java.util.Locale;

/**
 * Emits the {@code ApiKey} enum: one constant per API with its key, version range, flexible versions and
 * the generated request and response classes, plus the header-version rules Kafka applies per API version.
 */
public final class ApiKeyGenerator {

    /** A request spec and its response spec. */
    public record Api(MessageSpec request, MessageSpec response) {
    }

    private final List<Api> apis;

    ApiKeyGenerator(List<Api> apis) {
        this.apis = apis;
        for (Api api : apis) {
            if (!api.request.validVersions().equals(api.response.validVersions())) {
                throw new IllegalArgumentException(api.request.name() + " and its response disagree on versions");
            }
            if (!api.request.apiKey().equals(api.response.apiKey())) {
                throw new IllegalArgumentException(api.request.name() + " and its response disagree on the api key");
            }
        }
    }

    static String constantName(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .toUpperCase(Locale.ROOT);
    }

    String generate() {
        CodeWriter w = new CodeWriter();
        w.line("package " + MessageGenerator.PACKAGE + ";");
        w.blank();
        w.line("import io.tributary.protocol.ApiMessage;");
        w.line("import io.tributary.protocol.ProtocolReader;");
        w.blank();
        w.line("/**");
        w.line(" * Every API this codec speaks, with its key, the versions it supports and its message classes.");
        w.line(" * Generated from Kafka's message specs; do not edit. The list of APIs is wire-protocol/src/main/codegen/apis.txt.");
        w.line(" */");
        w.line("public enum ApiKey {");
        for (int i = 0; i < apis.size(); i++) {
            MessageSpec req = apis.get(i).request;
            MessageSpec resp = apis.get(i).response;
            Versions flex = req.flexibleVersions();
            w.line("%s((short) %d, \"%s\", (short) %d, (short) %d, (short) %d, %s,", constantName(req.apiName()),
                    req.apiKey(), req.apiName(), req.validVersions().lowest(), req.validVersions().highest(),
                    flex.isEmpty() ? Short.MAX_VALUE : flex.lowest(), req.latestVersionUnstable());
            w.line("        %s::new, %s::new, %s::new, %s::new)%s", req.className(), req.className(),
                    resp.className(), resp.className(), i == apis.size() - 1 ? ";" : ",");
        }
        w.blank();
        w.line("private static final ApiKey[] BY_ID;");
        w.blank();
        w.line("static {");
        w.line("int max = 0;");
        w.line("for (ApiKey key : values()) {");
        w.line("max = Math.max(max, key.id);");
        w.line("}");
        w.line("BY_ID = new ApiKey[max + 1];");
        w.line("for (ApiKey key : values()) {");
        w.line("BY_ID[key.id] = key;");
        w.line("}");
        w.line("}");
        w.blank();
        w.line("/** Reads a message body of one version. */");
        w.line("@FunctionalInterface");
        w.line("public interface BodyReader {");
        w.line("ApiMessage read(ProtocolReader reader, short version);");
        w.line("}");
        w.blank();
        w.line("private final short id;");
        w.line("private final String apiName;");
        w.line("private final short lowestVersion;");
        w.line("private final short highestVersion;");
        w.line("private final short lowestFlexibleVersion;");
        w.line("private final boolean latestVersionUnstable;");
        w.line("private final java.util.function.Supplier<ApiMessage> newRequest;");
        w.line("private final BodyReader requestReader;");
        w.line("private final java.util.function.Supplier<ApiMessage> newResponse;");
        w.line("private final BodyReader responseReader;");
        w.blank();
        w.line("ApiKey(short id, String apiName, short lowestVersion, short highestVersion, short lowestFlexibleVersion,");
        w.line("        boolean latestVersionUnstable, java.util.function.Supplier<ApiMessage> newRequest,");
        w.line("        BodyReader requestReader, java.util.function.Supplier<ApiMessage> newResponse, BodyReader responseReader) {");
        for (String f : List.of("id", "apiName", "lowestVersion", "highestVersion", "lowestFlexibleVersion",
                "latestVersionUnstable", "newRequest", "requestReader", "newResponse", "responseReader")) {
            w.line("this.%s = %s;", f, f);
        }
        w.line("}");
        w.blank();
        w.line("/** The API for a key, or null if this codec does not speak it. */");
        w.line("public static ApiKey forId(short id) {");
        w.line("return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;");
        w.line("}");
        getter(w, "short", "id");
        getter(w, "String", "apiName");
        getter(w, "short", "lowestVersion");
        getter(w, "short", "highestVersion");
        w.blank();
        w.line("/** True if Kafka marks the newest version as unstable: not advertised to clients by default. */");
        w.line("public boolean latestVersionUnstable() {");
        w.line("return latestVersionUnstable;");
        w.line("}");
        w.blank();
        w.line("public boolean isVersionSupported(short version) {");
        w.line("return version >= lowestVersion && version <= highestVersion;");
        w.line("}");
        w.blank();
        w.line("/** Flexible versions use compact encodings and tagged fields. */");
        w.line("public boolean isFlexible(short version) {");
        w.line("return version >= lowestFlexibleVersion;");
        w.line("}");
        w.blank();
        w.line("/** Request header v2 for flexible versions, v1 otherwise. */");
        w.line("public short requestHeaderVersion(short version) {");
        w.line("return isFlexible(version) ? (short) 2 : (short) 1;");
        w.line("}");
        w.blank();
        w.line("/**");
        w.line(" * Response header v1 for flexible versions, v0 otherwise; ApiVersions always answers with v0 so that a");
        w.line(" * client that sent a version the broker does not know can still read the error.");
        w.line(" */");
        w.line("public short responseHeaderVersion(short version) {");
        w.line("if (this == API_VERSIONS) {");
        w.line("return 0;");
        w.line("}");
        w.line("return isFlexible(version) ? (short) 1 : (short) 0;");
        w.line("}");
        w.blank();
        w.line("public ApiMessage newRequest() {");
        w.line("return newRequest.get();");
        w.line("}");
        w.blank();
        w.line("public ApiMessage newResponse() {");
        w.line("return newResponse.get();");
        w.line("}");
        w.blank();
        w.line("public ApiMessage readRequest(ProtocolReader reader, short version) {");
        w.line("return requestReader.read(reader, version);");
        w.line("}");
        w.blank();
        w.line("public ApiMessage readResponse(ProtocolReader reader, short version) {");
        w.line("return responseReader.read(reader, version);");
        w.line("}");
        w.line("}");
        return w.toString();
    }

    private static void getter(CodeWriter w, String type, String name) {
        w.blank();
        w.line("public %s %s() {", type, name);
        w.line("return %s;", name);
        w.line("}");
    }
}
