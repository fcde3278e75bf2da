/**
 * The registry's state, changed only by applying {@code _schemas} records in log order ({@link
 * io.tributary.registry.state.RegistryState#apply}); every instance that applied the same records agrees.
 */
package io.tributary.registry.state;
