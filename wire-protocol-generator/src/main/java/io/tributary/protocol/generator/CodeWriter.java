package io.tributary.protocol.generator;

/** Builds Java source line by line with four-space indentation driven by braces. */
final class CodeWriter {

    private final StringBuilder out = new StringBuilder();
    private int indent;

    /** Appends one line; a line starting with '}' closes a level first, one ending with '{' opens one after. */
    CodeWriter line(String text) {
        String t = text.strip();
        if (t.startsWith("}")) {
            indent--;
        }
        if (!t.isEmpty()) {
            // Javadoc continuation lines keep their one-space alignment under "/**".
            out.append("    ".repeat(Math.max(indent, 0))).append(t.startsWith("*") ? " " : "").append(t);
        }
        out.append('\n');
        if (t.endsWith("{")) {
            indent++;
        }
        return this;
    }

    CodeWriter line(String format, Object... args) {
        return line(String.format(format, args));
    }

    CodeWriter blank() {
        out.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
