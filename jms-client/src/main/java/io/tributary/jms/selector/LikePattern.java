package io.tributary.jms.selector;

import java.util.Arrays;

/**
 * A compiled {@code LIKE} pattern: {@code _} stands for any one character, {@code %} for any sequence of characters
 * (the empty one too), every other character for itself — including those special in regular expressions, since
 * no regular expression is involved. An escape character makes the {@code _}, {@code %} or escape character after
 * it literal. Characters are Unicode code points, so {@code _} matches a supplementary character whole.
 *
 * <p>Matching walks the pattern with one remembered {@code %} position to back up to (the classic wildcard algorithm):
 * no allocation, time at most proportional to pattern length times value length.
 */
final class LikePattern {

    private static final int ANY_ONE = -1;
    private static final int ANY_SEQUENCE = -2;

    private final int[] elements;

    private LikePattern(int[] elements) {
        this.elements = elements;
    }

    /**
     * Compiles {@code pattern}; {@code escape} is the escape code point, or -1 for none.
     *
     * @throws IllegalArgumentException if an escape character ends the pattern or precedes anything but {@code _},
     *     {@code %} or itself (an invalid escape sequence in SQL-92)
     */
    static LikePattern compile(String pattern, int escape) {
        int[] elements = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                if (i == pattern.length()) {
                    throw new IllegalArgumentException("the LIKE pattern ends with its escape character");
                }
                int escaped = pattern.codePointAt(i);
                i += Character.charCount(escaped);
                if (escaped != '_' && escaped != '%' && escaped != escape) {
                    throw new IllegalArgumentException("the escape character may precede only '_', '%' or itself");
                }
                elements[count++] = escaped;
            } else if (c == '_') {
                elements[count++] = ANY_ONE;
            } else if (c == '%') {
                elements[count++] = ANY_SEQUENCE;
            } else {
                elements[count++] = c;
            }
        }
        return new LikePattern(Arrays.copyOf(elements, count));
    }

    /** Whether the whole of {@code value} matches the pattern. */
    boolean matches(String value) {
        int v = 0;
        int p = 0;
        int resumePattern = -1;
        int resumeValue = 0;
        while (v < value.length()) {
            if (p < elements.length && elements[p] == ANY_SEQUENCE) {
                resumePattern = ++p;
                resumeValue = v;
                continue;
            }
            int c = value.codePointAt(v);
            if (p < elements.length && (elements[p] == ANY_ONE || elements[p] == c)) {
                v += Character.charCount(c);
                p++;
                continue;
            }
            if (resumePattern < 0) {
                return false;
            }
            // Let the last % swallow one more character and try again from there.
            resumeValue += Character.charCount(value.codePointAt(resumeValue));
            v = resumeValue;
            p = resumePattern;
        }
        while (p < elements.length && elements[p] == ANY_SEQUENCE) {
            p++;
        }
        return p == elements.length;
    }
}
