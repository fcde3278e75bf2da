package io.tributary.connect.distributed;

import java.util.List;

/** A worker as it joins the group: its REST URL and what it runs now (so the plan can leave that in place). */
public record Member(String memberId, String url, List<String> connectors, List<String> tasks) {
}
