/**
 * TLS for the registry's HTTP side: its HTTPS listener, the forwarding of writes between instances, and the
 * serializers' registry client — one reading of Confluent's {@code ssl.*} settings for all three.
 */
package io.tributary.registry.tls;
