package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * What a dynamic config belongs to: a topic (by name), one broker (by id as a string), the whole cluster
 * (a broker resource with the empty name, as in Kafka) or a group (by group id; its configs are kept whether or not
 * the group exists, as in Kafka).
 *
 * @param type the resource type
 * @param name topic name, broker id, "" for the cluster default, or group id
 */
public record ConfigResource(Type type, String name) {

    /** Resource types, with Kafka's wire codes. */
    public enum Type {
        TOPIC((byte) 2), BROKER((byte) 4), GROUP((byte) 32);

        private final byte code;

        Type(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }

        /** The type with this Kafka code, or null when Tributary keeps no configs of that type. */
        public static Type forCode(byte code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** The cluster-wide dynamic broker config (Kafka's broker resource named ""). */
    public static final ConfigResource CLUSTER = new ConfigResource(Type.BROKER, "");

    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    public static ConfigResource broker(int id) {
        return new ConfigResource(Type.BROKER, Integer.toString(id));
    }

    public static ConfigResource group(String groupId) {
        return new ConfigResource(Type.GROUP, groupId);
    }
}
