package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes one record (the layout on {@link RecordBatch}) from a cursor, applying the values of
 * its batch. Every length is checked against the record's declared size before it is used, so
 * nothing is allocated beyond the bytes actually present.
 */
final class RecordDecoder {

    /** Smallest record body: attributes, timestamp delta, offset delta, key/value lengths, header count. */
    private static final int MIN_BODY_SIZE = 6;

    private final long baseOffset;
    private final long baseTimestamp;
    private final int baseSequence;
    private final Long logAppendTime;

    RecordDecoder(long baseOffset, long baseTimestamp, int baseSequence, Long logAppendTime) {
        this.baseOffset = baseOffset;
        this.baseTimestamp = baseTimestamp;
        this.baseSequence = baseSequence;
        this.logAppendTime = logAppendTime;
    }

    Record decode(ByteCursor cursor) {
        int start = cursor.position();
        int bodySize = cursor.readVarint();
        if (bodySize < MIN_BODY_SIZE || bodySize > cursor.remaining()) {
            throw new CorruptRecordException("Invalid record size " + bodySize + " with "
                    + cursor.remaining() + " bytes remaining");
        }
        int bodyStart = cursor.position();
        ByteCursor body = new ByteCursor(cursor.readSlice(bodySize, "body"), 0, bodySize);
        byte attributes = body.readByte();
        long timestampDelta = body.readVarlong();
        int offsetDelta = body.readVarint();
        ByteBuffer key = readNullable(body, "key");
        ByteBuffer value = readNullable(body, "value");
        List<RecordHeader> headers = readHeaders(body);
        if (body.remaining() != 0) {
            throw new CorruptRecordException("Record declares " + bodySize + " bytes but its fields use "
                    + (bodySize - body.remaining()));
        }
        long timestamp = logAppendTime != null ? logAppendTime : baseTimestamp + timestampDelta;
        int headerSize = bodyStart - start;
        return new Record(headerSize + bodySize, attributes, baseOffset + offsetDelta, offsetDelta, timestamp,
                timestampDelta, Sequences.add(baseSequence, offsetDelta), key, value, headers);
    }

    private static ByteBuffer readNullable(ByteCursor body, String what) {
        int length = body.readVarint();
        return length < 0 ? null : body.readSlice(length, what);
    }

    private static List<RecordHeader> readHeaders(ByteCursor body) {
        int count = body.readVarint();
        if (count < 0) {
            throw new CorruptRecordException("Invalid negative header count " + count);
        }
        if (count == 0) {
            return List.of();
        }
        // Each header takes at least two bytes, so a count beyond that is a lie we refuse before allocating.
        if (count > body.remaining() / 2) {
            throw new CorruptRecordException("Header count " + count + " cannot fit in " + body.remaining() + " bytes");
        }
        List<RecordHeader> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int keyLength = body.readVarint();
            if (keyLength < 0) {
                throw new CorruptRecordException("Invalid negative header key size " + keyLength);
            }
            String key = StandardCharsets.UTF_8.decode(body.readSlice(keyLength, "header key")).toString();
            headers.add(new RecordHeader(key, readNullable(body, "header value")));
        }
        return Collections.unmodifiableList(headers);
    }
}
