package io.tributary.connect.worker;

/** What the user asked of a connector: run it, pause it (tasks idle, resources kept), or stop it (KIP-875). */
public enum TargetState {
    STARTED, PAUSED, STOPPED
}
