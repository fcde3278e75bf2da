package io.tributary.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProtocolWriter} in chunked mode: heap chunks cut around record sets, exact sizes enforced. */
class ChunkedWritingTest {

    private static HeapRecords heap(int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int b : bytes) {
            buffer.put((byte) b);
        }
        return new HeapRecords(buffer.flip());
    }

    private static List<String> hex(List<Records> chunks) {
        return chunks.stream().map(c -> {
            ByteBuffer b = ByteBuffer.allocate(c.sizeInBytes());
            c.copyTo(b);
            return java.util.HexFormat.of().formatHex(b.array());
        }).toList();
    }

    @Test
    void recordSetsBecomeChunksOfTheirOwnAfterTheirLengthPrefix() {
        HeapRecords first = heap(0xaa, 0xbb);
        HeapRecords second = heap(0xcc);
        ProtocolWriter writer = ProtocolWriter.chunked(2 + 4 + 2 + 1 + 1 + 1 + 1);
        writer.writeInt16((short) 7);
        writer.writeRecords(first, false);
        writer.writeUnsignedVarint(0x7f);
        writer.writeRecords(second, true);
        writer.writeInt8((byte) 9);

        EncodedChunks chunks = writer.finishChunks();

        assertThat(chunks.sizeInBytes()).isEqualTo(12);
        assertThat(hex(chunks.chunks())).containsExactly("000700000002", "aabb", "7f02", "cc", "09");
        assertThat(chunks.chunks().get(1)).isSameAs(first);
        assertThat(chunks.chunks().get(3)).isSameAs(second);
        assertThat(java.util.HexFormat.of().formatHex(chunks.toBuffer().array())).isEqualTo("000700000002aabb7f02cc09");
    }

    @Test
    void emptyAndNullRecordSetsAddOnlyTheirLengthPrefix() {
        ProtocolWriter writer = ProtocolWriter.chunked(4 + 1);
        writer.writeRecords(heap(), false);
        writer.writeRecords(null, true);

        EncodedChunks chunks = writer.finishChunks();

        assertThat(hex(chunks.chunks())).containsExactly("0000000000");
    }

    @Test
    void framingLargerThanTheFirstBufferSpillsIntoFurtherHeapChunks() {
        int ints = ChunkCollector.FIRST_BUFFER_BYTES;    // 4 × the first buffer's bytes
        ProtocolWriter writer = ProtocolWriter.chunked(4 * ints + 3);
        for (int i = 0; i < ints; i++) {
            writer.writeInt32(i);
        }
        writer.writeRawBytes(new byte[] {1, 2, 3});

        EncodedChunks chunks = writer.finishChunks();

        assertThat(chunks.chunks()).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.sizeInBytes()).isPositive());
        ByteBuffer all = chunks.toBuffer();
        for (int i = 0; i < ints; i++) {
            assertThat(all.getInt()).isEqualTo(i);
        }
        assertThat(all.get()).isEqualTo((byte) 1);
    }

    @Test
    void writingFewerBytesThanAnnouncedFailsAtTheEnd() {
        ProtocolWriter writer = ProtocolWriter.chunked(8);
        writer.writeInt32(1);

        assertThatThrownBy(writer::finishChunks).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrote 4 bytes but sized itself at 8");
    }

    @Test
    void writingMoreBytesThanAnnouncedFailsAtOnce() {
        ProtocolWriter heapOnly = ProtocolWriter.chunked(2);
        assertThatThrownBy(() -> heapOnly.writeInt32(1)).isInstanceOf(IllegalStateException.class);

        ProtocolWriter withRecords = ProtocolWriter.chunked(5);
        assertThatThrownBy(() -> withRecords.writeRecords(heap(1, 2), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sized itself at 5");
    }

    @Test
    void aSingleBufferWriterCopiesRecordSetsAndRefusesToOverflow() {
        ByteBuffer buffer = ByteBuffer.allocate(6);
        ProtocolWriter writer = new ProtocolWriter(buffer);
        writer.writeRecords(heap(0xaa, 0xbb), false);

        assertThat(buffer.array()).containsExactly(0, 0, 0, 2, 0xaa, 0xbb);
        assertThatThrownBy(() -> writer.writeInt8((byte) 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::finishChunks).isInstanceOf(IllegalStateException.class);
    }
}
