package io.tributary.streams.internal.state;

import io.tributary.streams.state.StateStore;

/** A store as its task drives it: opened, rebuilt from its changelog, flushed at commits, closed. */
public interface ManagedStore extends StateStore {

    void open(StoreContext context);

    /** Applies one changelog record (a null value deletes) without logging it again. */
    void restore(byte[] key, byte[] value);

    /** Makes what was written durable locally (a commit follows). */
    void flush();

    void close();
}
