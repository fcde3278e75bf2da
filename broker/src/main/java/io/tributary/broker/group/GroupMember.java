package io.tributary.broker.group;

import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import io.tributary.protocol.message.SyncGroupResponseData;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, the protocols it supports (in its order of preference) with their
 * metadata, its timeouts, its current assignment, and the JoinGroup or SyncGroup answer it is waiting for, if any.
 * Owned by the coordinator thread; never shared.
 */
final class GroupMember {

    /** A protocol the member supports and the member's metadata for it. */
    record Protocol(String name, byte[] metadata) {
    }

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private int sessionTimeoutMs;
    private int rebalanceTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment = new byte[0];
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private long heartbeatDeadlineMs;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int sessionTimeoutMs,
                int rebalanceTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    /**
     * This static member restarted under a new member id: the same instance with the new connection's details
     * and timeouts, keeping its assignment.
     */
    GroupMember replacedBy(String newMemberId, String newClientId, String newClientHost, int newSessionTimeoutMs,
                           int newRebalanceTimeoutMs, List<Protocol> newProtocols) {
        GroupMember m = new GroupMember(newMemberId, groupInstanceId, newClientId, newClientHost, newSessionTimeoutMs,
                newRebalanceTimeoutMs, newProtocols);
        m.assignment = assignment;
        return m;
    }

    /** The protocols of a JoinGroup request, in the member's order of preference. */
    static List<Protocol> protocolsOf(JoinGroupRequestData request) {
        return request.protocols().stream().map(p -> new Protocol(p.name(), p.metadata())).toList();
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    /** The metadata this member gave for a protocol, or null if it does not support it. */
    byte[] metadata(String protocolName) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        return null;
    }

    boolean supports(String protocolName) {
        return metadata(protocolName) != null;
    }

    /** Whether a rejoin names exactly the protocols and metadata this member already has. */
    boolean sameProtocols(List<Protocol> others) {
        if (others.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < others.size(); i++) {
            if (!others.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(others.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    /** Takes the timeouts and protocols of a rejoin. */
    void update(int newSessionTimeoutMs, int newRebalanceTimeoutMs, List<Protocol> newProtocols) {
        this.sessionTimeoutMs = newSessionTimeoutMs;
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.protocols = List.copyOf(newProtocols);
    }

    byte[] assignment() {
        return assignment;
    }

    void assign(byte[] newAssignment) {
        this.assignment = newAssignment == null ? new byte[0] : newAssignment;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    void awaitJoin(CompletableFuture<JoinGroupResponseData> future) {
        this.awaitingJoin = future;
    }

    /** Answers the pending JoinGroup (if any) and forgets it. */
    void completeJoin(JoinGroupResponseData response) {
        CompletableFuture<JoinGroupResponseData> f = awaitingJoin;
        awaitingJoin = null;
        if (f != null) {
            f.complete(response);
        }
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    void awaitSync(CompletableFuture<SyncGroupResponseData> future) {
        this.awaitingSync = future;
    }

    /** Answers the pending SyncGroup (if any) and forgets it. */
    void completeSync(SyncGroupResponseData response) {
        CompletableFuture<SyncGroupResponseData> f = awaitingSync;
        awaitingSync = null;
        if (f != null) {
            f.complete(response);
        }
    }

    long heartbeatDeadlineMs() {
        return heartbeatDeadlineMs;
    }

    /** A sign of life at {@code nowMs}: the session runs from here. */
    void heartbeat(long nowMs) {
        this.heartbeatDeadlineMs = nowMs + sessionTimeoutMs;
    }

    /** Whether the session has expired: a member waiting for a JoinGroup or SyncGroup answer is kept alive. */
    boolean sessionExpired(long nowMs) {
        return !isAwaitingJoin() && !isAwaitingSync() && nowMs >= heartbeatDeadlineMs;
    }
}
