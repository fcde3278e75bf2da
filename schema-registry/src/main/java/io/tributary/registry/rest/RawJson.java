package io.tributary.registry.rest;

/**
 * A schema text answered as it is: the {@code /schema} routes return the schema itself, not a JSON string holding it.
 */
record RawJson(String text) {
}
