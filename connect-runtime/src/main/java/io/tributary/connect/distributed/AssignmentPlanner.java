package io.tributary.connect.distributed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leader's plan: every connector and task on exactly one worker, moving as little as possible. What a worker
 * already runs stays with it; a new worker gets work moved off the busiest ones until counts differ by at most one
 * (connectors and tasks balanced separately, as Kafka Connect balances them). Work whose worker left the group is
 * held back for {@code scheduled.rebalance.max.delay.ms} in case that worker returns (a restart), then spread over
 * the others.
 */
public final class AssignmentPlanner {

    private final long maxDelayMs;
    /** When each held-back item was first seen without its worker. */
    private final Map<String, Long> lostSince = new HashMap<>();
    /** Who ran what in the last plan: the items of a worker that is gone are "lost". */
    private Map<String, String> lastOwner = new HashMap<>();

    public AssignmentPlanner(long maxDelayMs) {
        this.maxDelayMs = maxDelayMs;
    }

    /** The earliest time a held-back item is due, or -1 when none is held back. */
    public synchronized long nextDeadline() {
        return lostSince.values().stream().mapToLong(t -> t + maxDelayMs).min().orElse(-1);
    }

    /** The items held back now, as {@code c:<connector>} and {@code t:<connector>-<n>}. */
    public synchronized Set<String> heldBack() {
        return Set.copyOf(lostSince.keySet());
    }

    public synchronized Map<String, Assignment> plan(Map<String, Member> members, List<String> connectors,
                                                     List<String> tasks, String leaderId, long configOffset,
                                                     long now) {
        Map<String, Member> sorted = new TreeMap<>(members);
        Set<String> memberUrls = new LinkedHashSet<>();
        sorted.values().forEach(m -> memberUrls.add(m.url()));
        Map<String, List<String>> connectorPlan = place(sorted, connectors, true, memberUrls, now);
        Map<String, List<String>> taskPlan = place(sorted, tasks, false, memberUrls, now);
        Map<String, String> owners = new HashMap<>();
        Map<String, Assignment> out = new HashMap<>();
        String leaderUrl = sorted.get(leaderId) == null ? null : sorted.get(leaderId).url();
        for (Member m : sorted.values()) {
            List<String> c = connectorPlan.getOrDefault(m.memberId(), List.of());
            List<String> t = taskPlan.getOrDefault(m.memberId(), List.of());
            c.forEach(x -> owners.put("c:" + x, m.url()));
            t.forEach(x -> owners.put("t:" + x, m.url()));
            out.put(m.memberId(), new Assignment(leaderId, leaderUrl, configOffset, List.copyOf(c), List.copyOf(t)));
        }
        // Held-back items keep their departed owner, so they are recognised as lost in the next plan too.
        lostSince.keySet().forEach(k -> owners.putIfAbsent(k, lastOwner.get(k)));
        lastOwner = owners;
        return out;
    }

    private Map<String, List<String>> place(Map<String, Member> members, List<String> items, boolean connectors,
                                            Set<String> memberUrls, long now) {
        String prefix = connectors ? "c:" : "t:";
        Map<String, List<String>> plan = new TreeMap<>();
        members.keySet().forEach(id -> plan.put(id, new ArrayList<>()));
        if (members.isEmpty()) {
            return plan;
        }
        Set<String> remaining = new LinkedHashSet<>(items);
        for (Member m : members.values()) {
            for (String item : connectors ? m.connectors() : m.tasks()) {
                if (remaining.remove(item)) {
                    plan.get(m.memberId()).add(item);
                    lostSince.remove(prefix + item); // its worker is back: nothing is held back for it any more
                }
            }
        }
        List<String> unplaced = new ArrayList<>();
        for (String item : remaining) {
            String owner = lastOwner.get(prefix + item);
            boolean ownerGone = owner != null && !memberUrls.contains(owner);
            if (ownerGone && maxDelayMs > 0) {
                long since = lostSince.computeIfAbsent(prefix + item, k -> now);
                if (now < since + maxDelayMs) {
                    continue; // held back: its worker may come back
                }
            }
            lostSince.remove(prefix + item);
            unplaced.add(item);
        }
        lostSince.keySet().removeIf(k -> k.startsWith(prefix) && !items.contains(k.substring(2)));
        Comparator<String> byLoad = Comparator.comparingInt((String id) -> plan.get(id).size())
                .thenComparing(Comparator.naturalOrder());
        for (String item : unplaced) {
            String least = plan.keySet().stream().min(byLoad).orElseThrow();
            plan.get(least).add(item);
        }
        // Even out: move from the busiest to the idlest while they differ by more than one.
        while (true) {
            String most = plan.keySet().stream().max(byLoad).orElseThrow();
            String least = plan.keySet().stream().min(byLoad).orElseThrow();
            if (plan.get(most).size() - plan.get(least).size() <= 1) {
                break;
            }
            List<String> from = plan.get(most);
            plan.get(least).add(from.remove(from.size() - 1));
        }
        return plan;
    }
}
