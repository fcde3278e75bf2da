/**
 * State stores as processors and interactive queries see them. Implementations (in memory, on disk) and their
 * changelogging live in {@code io.tributary.streams.internal.state}.
 */
package io.tributary.streams.state;
