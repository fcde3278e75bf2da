package io.tributary.registry.rest;

/** The writer's answer to a forwarded write, passed back to the client as it came. */
public record Forwarded(int status, byte[] body) {
}
