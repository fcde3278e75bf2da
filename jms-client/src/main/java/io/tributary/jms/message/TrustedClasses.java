package io.tributary.jms.message;

import java.util.List;

/**
 * The classes an ObjectMessage may deserialize: those in a trusted package (a package name trusts its sub-packages;
 * {@code "*"} trusts everything), arrays of them, and primitives. Without configuration only {@link #DEFAULT}:
 * {@code java.lang}, {@code java.util}, {@code java.math} and {@code java.time} — never an arbitrary class, since a
 * serialized object graph from the wire can otherwise run code as it is read.
 */
public final class TrustedClasses {

    /** The packages trusted when none are configured. */
    public static final List<String> DEFAULT = List.of("java.lang", "java.util", "java.math", "java.time");

    private final List<String> packages;

    public TrustedClasses(List<String> packages) {
        this.packages = List.copyOf(packages);
    }

    public static TrustedClasses defaults() {
        return new TrustedClasses(DEFAULT);
    }

    /** Whether a class of this name (as {@code ObjectStreamClass.getName()} gives it) may be deserialized. */
    public boolean allows(String className) {
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return true;   // an array of a primitive type: [I, [B, ...
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        for (String p : packages) {
            if (p.equals("*") || name.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    public List<String> packages() {
        return packages;
    }
}
