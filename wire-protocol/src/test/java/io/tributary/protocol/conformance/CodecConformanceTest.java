package io.tributary.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Message;
import io.tributary.protocol.ProtocolReader;
import io.tributary.protocol.generator.MessageSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Byte-exact conformance with kafka-clients, for every message (headers, requests, responses of every API in
 * apis.txt) and every version its spec declares, with random messages:
 * <ul>
 * <li>kafka-clients builds and encodes; we decode to the same field values (compared with kafka-clients' own
 * decoding) and our re-encoding is byte-identical;</li>
 * <li>we build and encode; kafka-clients decodes to the same field values and its re-encoding is
 * byte-identical to ours;</li>
 * <li>our chunked encoding, concatenated, equals our single-buffer encoding.</li>
 * </ul>
 */
class CodecConformanceTest {

    private static final int MESSAGES_PER_VERSION = 12;

    @TestFactory
    Stream<DynamicTest> everyMessageAndVersionMatchesKafkaByteForByte() {
        List<DynamicTest> tests = new ArrayList<>();
        List<MessageSpec> specs = SpecCatalog.all();
        assertThat(specs).hasSizeGreaterThan(90);
        for (MessageSpec spec : specs) {
            for (short v = spec.validVersions().lowest(); v <= spec.validVersions().highest(); v++) {
                short version = v;
                tests.add(DynamicTest.dynamicTest(spec.name() + " v" + version, () -> check(spec, version)));
            }
        }
        return tests.stream();
    }

    private static void check(MessageSpec spec, short version) throws ReflectiveOperationException {
        StructLayout layout = new StructLayout(spec);
        Class<?> kafkaClass = KafkaMessages.messageClass(spec.className());
        Class<?> ourClass = Class.forName("io.tributary.protocol.message." + spec.className());
        MessageTrees trees = new MessageTrees(layout);
        for (int i = 0; i < MESSAGES_PER_VERSION; i++) {
            long seed = 31L * spec.name().hashCode() + 1000L * version + i;
            String where = spec.name() + " v" + version + " seed " + seed;

            // kafka-clients encodes, we decode and re-encode.
            Object kafkaMessage = new RandomMessages(layout, kafkaClass, version, new Random(seed)).newMessage();
            ByteBuffer kafkaBytes = KafkaMessages.write(kafkaMessage, version);
            Message ours = read(ourClass, kafkaBytes, version, where);
            assertThat(trees.tree(ours)).as(where + ": fields decoded from kafka-clients' bytes")
                    .isEqualTo(trees.tree(KafkaMessages.read(kafkaClass, kafkaBytes, version)));
            assertThat(HexDump.of(ours.toBuffer(version))).as(where + ": our re-encoding").isEqualTo(HexDump.of(kafkaBytes));

            // We encode, kafka-clients decodes and re-encodes.
            Message ourMessage = (Message) new RandomMessages(layout, ourClass, version, new Random(~seed)).newMessage();
            ByteBuffer ourBytes = ourMessage.toBuffer(version);
            assertThat(HexDump.of(ourMessage.toChunks(version).toBuffer())).as(where + ": our chunked encoding")
                    .isEqualTo(HexDump.of(ourBytes));
            Object kafkaDecoded = KafkaMessages.read(kafkaClass, ourBytes, version);
            assertThat(trees.tree(kafkaDecoded)).as(where + ": fields kafka-clients decodes from our bytes")
                    .isEqualTo(trees.tree(read(ourClass, ourBytes, version, where)));
            assertThat(HexDump.of(KafkaMessages.write(kafkaDecoded, version))).as(where + ": kafka-clients' re-encoding")
                    .isEqualTo(HexDump.of(ourBytes));
        }
    }

    private static Message read(Class<?> ourClass, ByteBuffer bytes, short version, String where)
            throws ReflectiveOperationException {
        ProtocolReader reader = new ProtocolReader(bytes.duplicate());
        Message message = (Message) ourClass.getConstructor(ProtocolReader.class, short.class)
                .newInstance(reader, version);
        reader.requireFullyRead(where);
        return message;
    }

}
