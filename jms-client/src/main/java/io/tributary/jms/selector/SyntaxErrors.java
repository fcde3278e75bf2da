package io.tributary.jms.selector;

import jakarta.jms.InvalidSelectorException;

/** Builds the {@link InvalidSelectorException}s a selector is rejected with, each naming what is wrong and where. */
final class SyntaxErrors {

    private SyntaxErrors() {
    }

    /**
     * An exception saying {@code problem} at {@code position} (an offset from 0, reported from 1) of
     * {@code selector}.
     */
    static InvalidSelectorException at(String selector, int position, String problem) {
        return new InvalidSelectorException(
                "Invalid message selector \"" + selector + "\": " + problem + " (at position " + (position + 1) + ")");
    }
}
