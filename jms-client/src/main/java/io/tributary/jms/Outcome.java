package io.tributary.jms;

/** How a delivered record is settled: consumed, handed back for redelivery, or dropped for good. */
enum Outcome {
    /** Consumed: a queue ACCEPTs it, a subscription moves past it. */
    ACCEPT,
    /** Given back: a queue RELEASEs it (to any consumer, delivery count up); a subscription moves past it. */
    RELEASE,
    /** Never to be delivered again: a queue REJECTs it (archived); a subscription moves past it. */
    REJECT,
    /**
     * Not selected by this consumer's selector: a queue RELEASEs it for its other consumers (and this consumer backs
     * off while it only gets back what it skipped); a subscription moves past it.
     */
    SKIP
}
