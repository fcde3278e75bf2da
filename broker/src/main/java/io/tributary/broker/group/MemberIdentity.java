package io.tributary.broker.group;

/**
 * A member named in a request: by member id, or for a static member by {@code group.instance.id} (then the
 * member id may be empty).
 */
public record MemberIdentity(String memberId, String groupInstanceId) {
}
