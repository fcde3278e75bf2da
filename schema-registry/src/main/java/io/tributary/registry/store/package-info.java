/**
 * The {@code _schemas} topic: the {@link io.tributary.registry.store.SchemaLog} seam, its kafka-clients
 * implementation, and the record layout ({@link io.tributary.registry.store.StoreRecordCodec}).
 */
package io.tributary.registry.store;
