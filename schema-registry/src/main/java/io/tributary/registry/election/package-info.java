/**
 * Which instance writes: a classic consumer group whose assignor of ours elects the writer and tells every member
 * its URL, so the others can forward writes.
 */
package io.tributary.registry.election;
