package io.tributary.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.ProtocolDecodeException;
import io.tributary.protocol.conformance.HexDump;
import io.tributary.protocol.conformance.KafkaMessages;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.MetadataRequestData;
import io.tributary.protocol.message.RequestHeaderData;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

/** Whole frames — header version choice included — agree with kafka-clients for every API and version. */
class FrameCompatibilityTest {

    @Test
    void apiTableMatchesKafkaNamesVersionsAndHeaderVersions() {
        for (ApiKey api : ApiKey.values()) {
            ApiKeys kafka = ApiKeys.forId(api.id());
            assertThat(api.apiName()).isEqualTo(kafka.name);
            assertThat(api.name()).isEqualTo(kafka.name());
            assertThat(api.lowestVersion()).as(api + " lowest").isEqualTo(kafka.oldestVersion());
            assertThat(api.highestVersion()).as(api + " highest").isEqualTo(kafka.latestVersion(true));
            assertThat(api.latestVersionUnstable()).as(api + " unstable")
                    .isEqualTo(kafka.latestVersion(true) != kafka.latestVersion(false));
            for (short v = api.lowestVersion(); v <= api.highestVersion(); v++) {
                assertThat(api.requestHeaderVersion(v)).as(api + " v" + v + " request header")
                        .isEqualTo(kafka.requestHeaderVersion(v));
                assertThat(api.responseHeaderVersion(v)).as(api + " v" + v + " response header")
                        .isEqualTo(kafka.responseHeaderVersion(v));
            }
        }
    }

    @Test
    void requestsFramedByKafkaClientsDecodeWithTheirHeader() throws ReflectiveOperationException {
        int correlationId = 7;
        for (ApiKey api : ApiKey.values()) {
            ApiKeys kafka = ApiKeys.forId(api.id());
            for (short v = api.lowestVersion(); v <= api.highestVersion(); v++) {
                RequestHeader header = new RequestHeader(kafka, v, "client-é", ++correlationId);
                Message body = (Message) Class.forName("org.apache.kafka.common.message." + kafka.name.replace(" ", "")
                        + "RequestData").getConstructor().newInstance();
                ByteBuffer frame = concat(KafkaMessages.write(header.data(), header.headerVersion()), KafkaMessages.write(body, v));

                RequestFrame decoded = RequestFrame.decode(frame);

                assertThat(decoded.apiKey()).isEqualTo(api);
                assertThat(decoded.apiVersion()).isEqualTo(v);
                assertThat(decoded.correlationId()).isEqualTo(correlationId);
                assertThat(decoded.header().clientId()).isEqualTo("client-é");
                assertThat(HexDump.of(decoded.body().toBuffer(v))).isEqualTo(HexDump.of(KafkaMessages.write(body, v)));
            }
        }
    }

    @Test
    void ourResponseFramesParseInKafkaClients() {
        int correlationId = 100;
        for (ApiKey api : ApiKey.values()) {
            ApiKeys kafka = ApiKeys.forId(api.id());
            for (short v = api.lowestVersion(); v <= api.highestVersion(); v++) {
                RequestHeader requestHeader = new RequestHeader(kafka, v, "c", ++correlationId);
                ApiMessage response = api.newResponse();
                ByteBuffer frame = ResponseFrame.encode(correlationId, api, v, response);
                assertThat(frame.getInt(0)).isEqualTo(frame.remaining() - 4);

                ByteBuffer afterSize = frame.position(4).slice();
                AbstractResponse parsed = AbstractResponse.parseResponse(afterSize.duplicate(), requestHeader);
                assertThat(parsed.apiKey()).isEqualTo(kafka);

                // kafka-clients reads exactly our header; what follows is exactly our body.
                ResponseHeader header = ResponseHeader.parse(afterSize, kafka.responseHeaderVersion(v));
                assertThat(header.correlationId()).isEqualTo(correlationId);
                assertThat(HexDump.of(afterSize)).as(api + " v" + v).isEqualTo(HexDump.of(response.toBuffer(v)));
            }
        }
    }

    @Test
    void apiVersionsResponseKeepsHeaderV0EvenInFlexibleVersions() {
        ApiMessage body = ApiKey.API_VERSIONS.newResponse();
        ByteBuffer frame = ResponseFrame.encode(42, ApiKey.API_VERSIONS, (short) 4, body);
        // size, correlation id, then straight into the body: error code int16, no tagged-field byte in between.
        assertThat(frame.remaining()).isEqualTo(4 + 4 + body.size((short) 4));
        ApiVersionsResponse parsed = (ApiVersionsResponse) AbstractResponse.parseResponse(frame.position(4).slice(),
                new RequestHeader(ApiKeys.API_VERSIONS, (short) 4, "c", 42));
        assertThat(parsed.data()).isEqualTo(new ApiVersionsResponseData());
    }

    @Test
    void unknownApiKeyAndUnsupportedVersionAreTypedWithTheCorrelationId() {
        ByteBuffer unknownKey = ByteBuffer.allocate(10).putShort((short) 999).putShort((short) 0).putInt(5)
                .putShort((short) -1).flip();
        assertThatThrownBy(() -> RequestFrame.decode(unknownKey)).isInstanceOfSatisfying(UnsupportedApiException.class,
                e -> assertThat(e.correlationId()).isEqualTo(5));

        // ApiVersions v99 from a future client: the broker must still learn the correlation id to answer it.
        ByteBuffer futureVersion = ByteBuffer.allocate(10).putShort(ApiKey.API_VERSIONS.id()).putShort((short) 99)
                .putInt(6).putShort((short) -1).flip();
        assertThatThrownBy(() -> RequestFrame.decode(futureVersion)).isInstanceOfSatisfying(
                UnsupportedApiException.class, e -> {
                    assertThat(e.apiKey()).isEqualTo(ApiKey.API_VERSIONS.id());
                    assertThat(e.apiVersion()).isEqualTo((short) 99);
                    assertThat(e.correlationId()).isEqualTo(6);
                });
    }

    @Test
    void trailingBytesAfterTheBodyAreRefused() {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKey.METADATA.id())
                .setRequestApiVersion((short) 12).setCorrelationId(1).setClientId("c");
        ByteBuffer frame = RequestFrame.encode(header, new MetadataRequestData());
        ByteBuffer withExtra = ByteBuffer.allocate(frame.remaining() - 4 + 1);
        withExtra.put(frame.position(4)).put((byte) 0).flip();
        assertThatThrownBy(() -> RequestFrame.decode(withExtra)).isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("unread");
    }


    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        return ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    }


}
