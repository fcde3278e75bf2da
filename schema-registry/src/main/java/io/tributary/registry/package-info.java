/**
 * The schema registry: {@link io.tributary.registry.SchemaRegistryServer} composes the store ({@code store}), the
 * state it is read into ({@code state}), the operations with Confluent's rules ({@link
 * io.tributary.registry.SchemaRegistry}), the writer election ({@code election}) and the REST API ({@code rest}).
 * Data flows one way: REST → operations → log append → log reader → state → REST reads.
 */
package io.tributary.registry;
