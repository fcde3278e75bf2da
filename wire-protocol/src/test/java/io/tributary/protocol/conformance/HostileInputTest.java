package io.tributary.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.Message;
import io.tributary.protocol.ProtocolDecodeException;
import io.tributary.protocol.ProtocolReader;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.generator.MessageSpec;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input: truncated frames, lengths pointing far past the frame and random bytes, fed to the decoder of
 * every message and version. The only acceptable outcomes are a decoded message or a
 * {@link ProtocolDecodeException}; and a decode never allocates more than a small multiple of the frame it was
 * given (a bogus length must not make it reserve gigabytes).
 */
class HostileInputTest {

    /** Heap bytes a decode may allocate per byte of input: objects, boxed elements and strings cost more than their wire form. */
    private static final long ALLOCATION_PER_INPUT_BYTE = 100;
    private static final long ALLOCATION_SLACK = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One decodable target: a generated class at one version. */
    record Target(MessageSpec spec, short version) {
        @Override
        public String toString() {
            return spec.name() + " v" + version;
        }
    }

    private static final List<Target> TARGETS = allTargets();

    private static List<Target> allTargets() {
        List<Target> targets = new ArrayList<>();
        for (MessageSpec spec : SpecCatalog.all()) {
            for (short v = spec.validVersions().lowest(); v <= spec.validVersions().highest(); v++) {
                targets.add(new Target(spec, v));
            }
        }
        return targets;
    }

    @Provide
    Arbitrary<Target> targets() {
        return Arbitraries.of(TARGETS);
    }

    @Property(tries = 2000)
    void randomBytesDecodeOrFailTyped(@ForAll("targets") Target target, @ForAll @Size(max = 200) byte[] bytes) {
        decodeExpectingOnlyTypedFailure(target, ByteBuffer.wrap(bytes));
    }

    @Property(tries = 2000)
    void corruptedValidMessagesDecodeOrFailTyped(@ForAll("targets") Target target, @ForAll long seed) {
        Random random = new Random(seed);
        ByteBuffer valid = validMessage(target, random);
        byte[] bytes = new byte[valid.remaining()];
        valid.get(bytes);
        if (bytes.length == 0) {
            return;
        }
        // Overwrite a few bytes with values that make lengths huge, negative or null-like.
        byte[] nasty = {0, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) random.nextInt()};
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            bytes[random.nextInt(bytes.length)] = nasty[random.nextInt(nasty.length)];
        }
        int length = random.nextBoolean() ? bytes.length : random.nextInt(bytes.length + 1);
        decodeExpectingOnlyTypedFailure(target, ByteBuffer.wrap(bytes, 0, length));
    }

    @Property(tries = 1000)
    void everyStrictPrefixOfAValidMessageIsRefused(@ForAll("targets") Target target, @ForAll long seed) {
        ByteBuffer valid = validMessage(target, new Random(seed));
        for (int length = 0; length < valid.remaining(); length++) {
            ByteBuffer prefix = valid.duplicate().limit(valid.position() + length);
            assertThatThrownBy(() -> decode(target, prefix)).as(target + " prefix of " + length + " bytes")
                    .isInstanceOf(ProtocolDecodeException.class);
        }
    }

    @Property(tries = 2000)
    void randomRequestFramesDecodeOrFailTyped(@ForAll @Size(max = 300) byte[] bytes, @ForAll("targets") Target target) {
        // Half the frames start with a real api key and version, so decoding gets past the header.
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        if (bytes.length >= 4 && target.spec().apiKey() != null) {
            frame.putShort(0, target.spec().apiKey().shortValue()).putShort(2, target.version());
        }
        try {
            RequestFrame.decode(frame);
        } catch (ProtocolDecodeException expected) {
            // the one acceptable failure
        }
    }

    private static ByteBuffer validMessage(Target target, Random random) {
        Class<?> ours = ourClass(target.spec());
        Message message = (Message) new RandomMessages(new StructLayout(target.spec()), ours, target.version(), random)
                .newMessage();
        return message.toBuffer(target.version());
    }

    private static void decodeExpectingOnlyTypedFailure(Target target, ByteBuffer input) {
        int size = input.remaining();
        try {
            decode(target, input.duplicate());   // first call loads classes; measure the second
        } catch (ProtocolDecodeException expected) {
            // fine
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            decode(target, input.duplicate());
        } catch (ProtocolDecodeException expected) {
            // fine
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as(target + ": bytes allocated decoding " + size + " bytes of input")
                .isLessThanOrEqualTo(ALLOCATION_SLACK + ALLOCATION_PER_INPUT_BYTE * size);
    }

    private static Message decode(Target target, ByteBuffer input) {
        try {
            Constructor<?> c = ourClass(target.spec()).getConstructor(ProtocolReader.class, short.class);
            return (Message) c.newInstance(new ProtocolReader(input), target.version());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;   // ProtocolDecodeException passes; anything else fails the property
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> ourClass(MessageSpec spec) {
        try {
            return Class.forName("io.tributary.protocol.message." + spec.className());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
