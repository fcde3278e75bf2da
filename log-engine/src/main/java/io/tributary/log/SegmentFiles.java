package io.tributary.log;

import java.nio.file.Path;

/** File names of a segment: the base offset as 20 zero-padded digits, then the kind of file. */
final class SegmentFiles {

    static final String LOG = ".log";
    static final String INDEX = ".index";
    static final String TIME_INDEX = ".timeindex";
    static final String TXN_INDEX = ".txnindex";

    private SegmentFiles() {
    }

    static String name(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static Path log(Path dir, long baseOffset) {
        return dir.resolve(name(baseOffset) + LOG);
    }

    static Path offsetIndex(Path dir, long baseOffset) {
        return dir.resolve(name(baseOffset) + INDEX);
    }

    static Path timeIndex(Path dir, long baseOffset) {
        return dir.resolve(name(baseOffset) + TIME_INDEX);
    }

    static Path txnIndex(Path dir, long baseOffset) {
        return dir.resolve(name(baseOffset) + TXN_INDEX);
    }

    /** Every file of a segment, the log file first. */
    static java.util.List<Path> all(Path dir, long baseOffset) {
        return java.util.List.of(log(dir, baseOffset), offsetIndex(dir, baseOffset), timeIndex(dir, baseOffset),
                txnIndex(dir, baseOffset));
    }

    /** The base offset a segment file is named for, or -1 if the name is not a segment file's. */
    static long baseOffsetOf(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return -1;
        }
        String digits = fileName.substring(0, fileName.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
