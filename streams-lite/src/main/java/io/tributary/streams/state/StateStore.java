package io.tributary.streams.state;

/** A task's local state, owned by one task and used only on its thread. */
public interface StateStore {

    String name();

    /** True when the store keeps its data on disk (and so can outgrow the heap). */
    boolean persistent();
}
