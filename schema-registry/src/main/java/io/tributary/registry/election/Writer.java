package io.tributary.registry.election;

/** The instance elected to write {@code _schemas}: its group member id and the URL others forward writes to. */
public record Writer(String memberId, String url) {
}
