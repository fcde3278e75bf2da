package io.tributary.jms.selector;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Reads numeric literals in Java's literal syntax (Jakarta Messaging 3.1, section 3.8.1.1). An exact literal is a
 * decimal, hexadecimal ({@code 0x}), octal (leading {@code 0}) or binary ({@code 0b}) integer with optional
 * underscores between digits and an optional {@code L} suffix; its value is a {@code long} (the specification supports
 * the range of Java long, so {@code 2147483648} needs no suffix, and hexadecimal, octal and binary literals may use all
 * 64 bits). An approximate literal has a decimal point, an exponent or an {@code f}/{@code d} suffix (or is a
 * hexadecimal floating-point literal); its value is a {@code double} ({@code f} literals are rounded to {@code float}
 * first, as Java does). Used only while parsing.
 */
final class NumericLiteral {

    private static final String DIGITS = "[0-9](?:[0-9_]*[0-9])?";
    private static final String HEX_DIGITS = "[0-9a-fA-F](?:[0-9a-fA-F_]*[0-9a-fA-F])?";
    private static final Pattern DECIMAL = Pattern.compile("(?:0|[1-9](?:[0-9_]*[0-9])?)[lL]?");
    private static final Pattern HEX = Pattern.compile("0[xX]" + HEX_DIGITS + "[lL]?");
    private static final Pattern OCTAL = Pattern.compile("0_*[0-7](?:[0-7_]*[0-7])?[lL]?");
    private static final Pattern BINARY = Pattern.compile("0[bB][01](?:[01_]*[01])?[lL]?");
    private static final String EXPONENT = "[eE][+-]?" + DIGITS;
    private static final Pattern DECIMAL_FLOAT = Pattern.compile(
            "(?:" + DIGITS + "\\.(?:" + DIGITS + ")?(?:" + EXPONENT + ")?[fFdD]?"
                    + "|\\." + DIGITS + "(?:" + EXPONENT + ")?[fFdD]?"
                    + "|" + DIGITS + EXPONENT + "[fFdD]?"
                    + "|" + DIGITS + "[fFdD])");
    private static final Pattern HEX_FLOAT = Pattern.compile(
            "0[xX](?:" + HEX_DIGITS + "\\.?|(?:" + HEX_DIGITS + ")?\\." + HEX_DIGITS + ")[pP][+-]?" + DIGITS + "[fFdD]?");
    private static final BigInteger LONG_MIN_MAGNITUDE = BigInteger.ONE.shiftLeft(63);

    private NumericLiteral() {
    }

    /** Whether {@code text} looks like an exact (integer) literal rather than an approximate one. */
    static boolean isExact(String text) {
        return DECIMAL.matcher(text).matches() || HEX.matcher(text).matches() || OCTAL.matcher(text).matches()
                || BINARY.matcher(text).matches();
    }

    /**
     * The value of an exact literal, negated when a unary minus stands right before it (so that
     * {@code -9223372036854775808} is read, as in Java).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static long exact(String text, boolean negated) {
        String digits = text.replace("_", "");
        if (digits.endsWith("l") || digits.endsWith("L")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        BigInteger magnitude;
        boolean decimal = DECIMAL.matcher(text).matches();
        if (HEX.matcher(text).matches()) {
            magnitude = new BigInteger(digits.substring(2), 16);
        } else if (BINARY.matcher(text).matches()) {
            magnitude = new BigInteger(digits.substring(2), 2);
        } else if (decimal) {
            magnitude = new BigInteger(digits);
        } else if (OCTAL.matcher(text).matches()) {
            magnitude = new BigInteger(digits, 8);
        } else {
            throw new IllegalArgumentException("malformed numeric literal '" + text + "'");
        }
        if (decimal) {
            if (magnitude.compareTo(LONG_MIN_MAGNITUDE) > 0
                    || (!negated && magnitude.equals(LONG_MIN_MAGNITUDE))) {
                throw new IllegalArgumentException("integer literal '" + text + "' is out of the range of a Java long");
            }
        } else if (magnitude.bitLength() > 64) {
            throw new IllegalArgumentException("integer literal '" + text + "' does not fit in 64 bits");
        }
        long value = magnitude.longValue();
        return negated ? -value : value;
    }

    /**
     * The value of an approximate literal.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static double approximate(String text) {
        boolean hex = HEX_FLOAT.matcher(text).matches();
        if (!hex && !DECIMAL_FLOAT.matcher(text).matches()) {
            throw new IllegalArgumentException("malformed numeric literal '" + text + "'");
        }
        String cleaned = text.replace("_", "");
        char last = cleaned.charAt(cleaned.length() - 1);
        boolean isFloat = last == 'f' || last == 'F';
        double value = isFloat ? Float.parseFloat(cleaned) : Double.parseDouble(cleaned);
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("floating-point literal '" + text + "' is too large");
        }
        if (value == 0 && hasNonZeroDigit(cleaned, hex)) {
            throw new IllegalArgumentException("floating-point literal '" + text + "' is too small");
        }
        return value;
    }

    private static boolean hasNonZeroDigit(String literal, boolean hex) {
        String mantissa = hex ? literal.substring(2) : literal;
        for (int i = 0; i < mantissa.length(); i++) {
            char c = mantissa.charAt(i);
            if (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E' || c == 'f' || c == 'F' || c == 'd' || c == 'D') {
                return false;
            }
            if (c != '0' && c != '.') {
                return true;
            }
        }
        return false;
    }
}
