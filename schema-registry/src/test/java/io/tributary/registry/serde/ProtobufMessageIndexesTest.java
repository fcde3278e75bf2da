package io.tributary.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ProtobufMessageIndexesTest {

    private static byte[] write(int... path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProtobufMessageIndexes.write(path, out);
        return out.toByteArray();
    }

    @Test
    void theFirstMessageIsTheSingleByteZero() {
        assertThat(write(0)).containsExactly(0);
        assertThat(ProtobufMessageIndexes.read(ByteBuffer.wrap(new byte[] {0}))).containsExactly(0);
    }

    @Test
    void otherPathsAreZigZagVarintsCountFirst() {
        assertThat(write(1)).containsExactly(2, 2);
        assertThat(write(1, 0)).containsExactly(4, 2, 0);
        assertThat(write(0, 0)).containsExactly(4, 0, 0);
        assertThat(write(64)).containsExactly(2, 0x80, 0x01);
        for (int[] path : new int[][] {{1}, {1, 0}, {0, 0}, {64}, {3, 200, 70000}}) {
            ByteBuffer in = ByteBuffer.wrap(concat(write(path), new byte[] {9}));
            assertThat(ProtobufMessageIndexes.read(in)).containsExactly(path);
            assertThat(in.get()).isEqualTo((byte) 9);
        }
    }

    @Test
    void pathsOfNestedMessagesFollowTheFile() {
        assertThat(ProtobufMessageIndexes.of(ProtobufTestFiles.orderType())).containsExactly(0);
        assertThat(ProtobufMessageIndexes.of(ProtobufTestFiles.tagType())).containsExactly(1, 0);
        assertThat(ProtobufMessageIndexes.of(ProtobufTestFiles.orderType().findNestedTypeByName("CountsEntry")))
                .containsExactly(0, 1);
        assertThat(ProtobufMessageIndexes.find(ProtobufTestFiles.ORDER_FILE, new int[] {1, 0}))
                .isEqualTo(ProtobufTestFiles.tagType());
        assertThatThrownBy(() -> ProtobufMessageIndexes.find(ProtobufTestFiles.ORDER_FILE, new int[] {2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("[2]");
        assertThatThrownBy(() -> ProtobufMessageIndexes.read(ByteBuffer.wrap(new byte[] {4, 2})))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
