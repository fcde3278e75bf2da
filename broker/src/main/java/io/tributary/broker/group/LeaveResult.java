package io.tributary.broker.group;

import io.tributary.protocol.Errors;
import java.util.List;

/**
 * The outcome of a LeaveGroup: a group-level error, or NONE and one error per leaving member in request order.
 */
public record LeaveResult(Errors error, List<Errors> perMember) {
}
