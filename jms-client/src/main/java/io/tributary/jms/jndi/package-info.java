/**
 * JNDI for the provider: an InitialContextFactory that builds connection factories and destinations from the
 * environment's properties (the {@code jndi.properties} convention ActiveMQ's clients use).
 */
package io.tributary.jms.jndi;
