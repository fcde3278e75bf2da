package io.tributary.broker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when the test advances it. */
public final class ManualClock extends Clock {
    private long ms;

    public ManualClock(long ms) {
        this.ms = ms;
    }

    public void advance(long by) {
        ms += by;
    }

    @Override
    public long millis() {
        return ms;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(ms);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
