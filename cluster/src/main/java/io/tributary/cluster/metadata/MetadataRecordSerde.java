package io.tributary.cluster.metadata;

import io.tributary.protocol.ProtocolDecodeException;
import io.tributary.protocol.ProtocolReader;
import io.tributary.protocol.ProtocolWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The binary form of one {@link MetadataRecord}. All integers are big-endian.
 *
 * <pre>
 * record      = int8 type, int8 version, body (version 0 for every type; 0 or 1 for types 5 and 6)
 * string      = int16 length in UTF-8 bytes, then the bytes; a nullable string is length -1 for null
 * int-list    = int32 count, then count × int32; a nullable list is count -1 for null
 * uuid        = 16 bytes: most significant 8, then least significant 8
 * tri-bool    = int8: -1 unchanged (null), 0 false, 1 true
 * bytes       = int32 length, then the bytes
 *
 * type 1 RegisterBroker   int32 brokerId, uuid incarnationId, int64 brokerEpoch,
 *                         int32 endpointCount, endpointCount × (string listener, string host, int32 port,
 *                         int16 securityProtocol), nullable string rack, int8 fenced (0/1)
 * type 2 BrokerChange     int32 brokerId, int64 brokerEpoch, tri-bool fenced, tri-bool inControlledShutdown
 * type 3 UnregisterBroker int32 brokerId, int64 brokerEpoch
 * type 4 Topic            string name, uuid topicId
 * type 5 Partition        uuid topicId, int32 partitionId, int-list replicas, int-list isr, int-list elr,
 *                         int32 leader, int32 leaderEpoch, int32 partitionEpoch
 *                         version 1 adds: int-list addingReplicas, int-list removingReplicas
 * type 6 PartitionChange  uuid topicId, int32 partitionId, int32 leader (-2 unchanged),
 *                         nullable int-list isr, nullable int-list elr, nullable int-list replicas
 *                         version 1 adds: nullable int-list addingReplicas, nullable int-list removingReplicas
 * type 7 RemoveTopic      uuid topicId
 * type 8 Config           int8 resourceType (2 topic, 4 broker, 32 group), string resourceName, string key,
 *                         nullable string value
 * type 9 ProducerIds      int32 brokerId, int64 brokerEpoch, int64 nextProducerId
 * type 10 UserScramCredential       string user, int8 mechanism (Kafka's ScramMechanism type: 1 SCRAM-SHA-256,
 *                                   2 SCRAM-SHA-512), bytes salt, bytes storedKey, bytes serverKey,
 *                                   int32 iterations
 * type 11 RemoveUserScramCredential string user, int8 mechanism
 *
 * type 12 AccessControlEntry        uuid id, int8 resourceType, string resourceName, int8 patternType,
 *                                   string principal, string host, int8 operation, int8 permissionType
 *                                   (the codes are Kafka's: {@link ResourceType}, {@link PatternType},
 *                                   {@link AclOperation}, {@link AclPermissionType}; only concrete values are written,
 *                                   and a reader refuses ANY, MATCH or an unknown code)
 * type 13 RemoveAccessControlEntry  uuid id
 *
 * type 14 ClientQuota               int32 entryCount, entryCount × (string entityType ("user", "client-id",
 *                                   "ip"), nullable string entityName (null: the type's default)) in entity-type
 *                                   order, string key, float64 value (IEEE 754 double; 0 when removed),
 *                                   int8 remove (0 set, 1 removed)
 * </pre>
 *
 * <p>Types 10 and 11 hold what RFC 5802 lets a server keep (salt, StoredKey, ServerKey), never a password nor the
 * salted password; an unknown mechanism id is refused like an unknown type.
 *
 * <p>A reader refuses an unknown type or a version it does not know, and a record with bytes left over, with
 * {@link MetadataFormatException}. A new field is added by a new version of its type; readers keep reading
 * every older version. A writer uses the lowest version that holds the record: types 5 and 6 are written in version 1
 * only when they carry a reassignment (type 5: non-empty adding or removing replicas; type 6: either list set), so
 * a log written before reassignments existed, or by a cluster that never reassigned, reads as it always did; a
 * version 0 record reads as having no reassignment (type 5) or leaving it unchanged (type 6).
 */
public final class MetadataRecordSerde {

    private static final byte VERSION = 0;
    /** The version of types 5 and 6 carrying a reassignment's adding and removing replicas. */
    private static final byte REASSIGNMENT_VERSION = 1;

    private MetadataRecordSerde() {
    }

    /** The record's bytes, exactly sized. */
    public static byte[] encode(MetadataRecord record) {
        ByteBuffer buffer = ByteBuffer.allocate(maxSize(record));
        ProtocolWriter w = new ProtocolWriter(buffer);
        if (record instanceof RegisterBrokerRecord r) {
            header(w, 1);
            w.writeInt32(r.brokerId());
            w.writeUuid(r.incarnationId());
            w.writeInt64(r.brokerEpoch());
            w.writeInt32(r.endpoints().size());
            for (Endpoint e : r.endpoints()) {
                w.writeString(e.listener(), false);
                w.writeString(e.host(), false);
                w.writeInt32(e.port());
                w.writeInt16(e.securityProtocol());
            }
            w.writeString(r.rack(), false);
            w.writeBoolean(r.fenced());
        } else if (record instanceof BrokerChangeRecord r) {
            header(w, 2);
            w.writeInt32(r.brokerId());
            w.writeInt64(r.brokerEpoch());
            writeTriBool(w, r.fenced());
            writeTriBool(w, r.inControlledShutdown());
        } else if (record instanceof UnregisterBrokerRecord r) {
            header(w, 3);
            w.writeInt32(r.brokerId());
            w.writeInt64(r.brokerEpoch());
        } else if (record instanceof TopicRecord r) {
            header(w, 4);
            w.writeString(r.name(), false);
            w.writeUuid(r.topicId());
        } else if (record instanceof PartitionRecord r) {
            boolean reassigning = !r.addingReplicas().isEmpty() || !r.removingReplicas().isEmpty();
            header(w, 5, reassigning ? REASSIGNMENT_VERSION : VERSION);
            w.writeUuid(r.topicId());
            w.writeInt32(r.partitionId());
            writeInts(w, r.replicas());
            writeInts(w, r.isr());
            writeInts(w, r.elr());
            w.writeInt32(r.leader());
            w.writeInt32(r.leaderEpoch());
            w.writeInt32(r.partitionEpoch());
            if (reassigning) {
                writeInts(w, r.addingReplicas());
                writeInts(w, r.removingReplicas());
            }
        } else if (record instanceof PartitionChangeRecord r) {
            boolean reassignment = r.addingReplicas() != null || r.removingReplicas() != null;
            header(w, 6, reassignment ? REASSIGNMENT_VERSION : VERSION);
            w.writeUuid(r.topicId());
            w.writeInt32(r.partitionId());
            w.writeInt32(r.leader());
            writeInts(w, r.isr());
            writeInts(w, r.elr());
            writeInts(w, r.replicas());
            if (reassignment) {
                writeInts(w, r.addingReplicas());
                writeInts(w, r.removingReplicas());
            }
        } else if (record instanceof RemoveTopicRecord r) {
            header(w, 7);
            w.writeUuid(r.topicId());
        } else if (record instanceof ConfigRecord r) {
            header(w, 8);
            w.writeInt8(r.resource().type().code());
            w.writeString(r.resource().name(), false);
            w.writeString(r.key(), false);
            w.writeString(r.value(), false);
        } else if (record instanceof ProducerIdsRecord r) {
            header(w, 9);
            w.writeInt32(r.brokerId());
            w.writeInt64(r.brokerEpoch());
            w.writeInt64(r.nextProducerId());
        } else if (record instanceof AccessControlEntryRecord r) {
            header(w, 12);
            w.writeUuid(r.id());
            AclBinding acl = r.acl();
            w.writeInt8(acl.resourceType().code());
            w.writeString(acl.resourceName(), false);
            w.writeInt8(acl.patternType().code());
            w.writeString(acl.principal(), false);
            w.writeString(acl.host(), false);
            w.writeInt8(acl.operation().code());
            w.writeInt8(acl.permission().code());
        } else if (record instanceof RemoveAccessControlEntryRecord r) {
            header(w, 13);
            w.writeUuid(r.id());
        } else if (record instanceof ClientQuotaRecord r) {
            header(w, 14);
            w.writeInt32(r.entity().entries().size());
            r.entity().entries().forEach((type, name) -> {
                w.writeString(type, false);
                w.writeString(name, false);
            });
            w.writeString(r.key(), false);
            w.writeFloat64(r.remove() ? 0 : r.value());
            w.writeInt8((byte) (r.remove() ? 1 : 0));
        } else if (!encodeScram(w, record)) {
            throw new IllegalArgumentException("unknown record " + record);
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Decodes exactly one record filling {@code bytes} (position to limit); the buffer is not moved. */
    public static MetadataRecord decode(ByteBuffer bytes) {
        try {
            ProtocolReader r = new ProtocolReader(bytes);
            int type = r.readInt8();
            int version = r.readInt8();
            int highest = type == 5 || type == 6 ? REASSIGNMENT_VERSION : VERSION;
            if (version < 0 || version > highest) {
                throw new MetadataFormatException("record type " + type + ": unknown version " + version);
            }
            MetadataRecord record = switch (type) {
                case 1 -> {
                    int id = r.readInt32();
                    UUID incarnation = r.readUuid();
                    long epoch = r.readInt64();
                    int n = r.readInt32();
                    if (n < 0 || n > r.remaining()) {
                        throw new MetadataFormatException("bad endpoint count " + n);
                    }
                    List<Endpoint> endpoints = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        String listener = r.readString(false, false, "listener");
                        String host = r.readString(false, false, "host");
                        int port = r.readInt32();
                        short protocol = r.readInt16();
                        endpoints.add(new Endpoint(listener, host, port, protocol));
                    }
                    String rack = r.readString(false, true, "rack");
                    yield new RegisterBrokerRecord(id, incarnation, epoch, endpoints, rack, r.readBoolean());
                }
                case 2 -> new BrokerChangeRecord(r.readInt32(), r.readInt64(), readTriBool(r), readTriBool(r));
                case 3 -> new UnregisterBrokerRecord(r.readInt32(), r.readInt64());
                case 4 -> new TopicRecord(r.readString(false, false, "name"), r.readUuid());
                case 5 -> {
                    UUID topicId = r.readUuid();
                    int partitionId = r.readInt32();
                    List<Integer> replicas = readInts(r, false);
                    List<Integer> isr = readInts(r, false);
                    List<Integer> elr = readInts(r, false);
                    int leader = r.readInt32();
                    int leaderEpoch = r.readInt32();
                    int partitionEpoch = r.readInt32();
                    List<Integer> adding = version >= REASSIGNMENT_VERSION ? readInts(r, false) : List.of();
                    List<Integer> removing = version >= REASSIGNMENT_VERSION ? readInts(r, false) : List.of();
                    yield new PartitionRecord(topicId, partitionId, replicas, isr, elr, leader, leaderEpoch,
                            partitionEpoch, adding, removing);
                }
                case 6 -> {
                    UUID topicId = r.readUuid();
                    int partitionId = r.readInt32();
                    int leader = r.readInt32();
                    List<Integer> isr = readInts(r, true);
                    List<Integer> elr = readInts(r, true);
                    List<Integer> replicas = readInts(r, true);
                    List<Integer> adding = version >= REASSIGNMENT_VERSION ? readInts(r, true) : null;
                    List<Integer> removing = version >= REASSIGNMENT_VERSION ? readInts(r, true) : null;
                    yield new PartitionChangeRecord(topicId, partitionId, leader, isr, elr, replicas, adding,
                            removing);
                }
                case 7 -> new RemoveTopicRecord(r.readUuid());
                case 8 -> {
                    byte code = r.readInt8();
                    ConfigResource.Type resourceType = ConfigResource.Type.forCode(code);
                    if (resourceType == null) {
                        throw new MetadataFormatException("unknown config resource type " + code);
                    }
                    ConfigResource resource = new ConfigResource(resourceType,
                            r.readString(false, false, "resourceName"));
                    yield new ConfigRecord(resource, r.readString(false, false, "key"),
                            r.readString(false, true, "value"));
                }
                case 9 -> new ProducerIdsRecord(r.readInt32(), r.readInt64(), r.readInt64());
                case 10, 11 -> decodeScram(type, r);
                case 12 -> new AccessControlEntryRecord(r.readUuid(), readAcl(r));
                case 13 -> new RemoveAccessControlEntryRecord(r.readUuid());
                case 14 -> readClientQuota(r);
                default -> throw new MetadataFormatException("unknown metadata record type " + type);
            };
            r.requireFullyRead("metadata record type " + type);
            return record;
        } catch (ProtocolDecodeException | IllegalArgumentException e) {
            throw new MetadataFormatException("malformed metadata record: " + e.getMessage(), e);
        }
    }

    private static ClientQuotaRecord readClientQuota(ProtocolReader r) {
        int n = r.readInt32();
        if (n < 1 || n > 3) {
            throw new MetadataFormatException("bad client quota entity size " + n);
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String type = r.readString(false, false, "entityType");
            if (entries.containsKey(type)) {
                throw new MetadataFormatException("duplicate client quota entity type " + type);
            }
            entries.put(type, r.readString(false, true, "entityName"));
        }
        String key = r.readString(false, false, "key");
        double value = r.readFloat64();
        byte remove = r.readInt8();
        if (remove != 0 && remove != 1) {
            throw new MetadataFormatException("bad client quota remove flag " + remove);
        }
        return new ClientQuotaRecord(new ClientQuotaEntity(entries), key, value, remove == 1);
    }

    // --- SCRAM credentials (types 10 and 11) ---

    private static boolean encodeScram(ProtocolWriter w, MetadataRecord record) {
        if (record instanceof UserScramCredentialRecord r) {
            header(w, 10);
            w.writeString(r.user(), false);
            w.writeInt8(r.mechanism().type());
            ScramCredential c = r.credential();
            w.writeBytes(c.salt(), false);
            w.writeBytes(c.storedKey(), false);
            w.writeBytes(c.serverKey(), false);
            w.writeInt32(c.iterations());
            return true;
        }
        if (record instanceof RemoveUserScramCredentialRecord r) {
            header(w, 11);
            w.writeString(r.user(), false);
            w.writeInt8(r.mechanism().type());
            return true;
        }
        return false;
    }

    private static MetadataRecord decodeScram(int type, ProtocolReader r) {
        String user = r.readString(false, false, "user");
        byte id = r.readInt8();
        ScramMechanism mechanism = ScramMechanism.forType(id)
                .orElseThrow(() -> new MetadataFormatException("unknown SCRAM mechanism " + id));
        if (type == 11) {
            return new RemoveUserScramCredentialRecord(user, mechanism);
        }
        byte[] salt = r.readBytes(false, false, "salt");
        byte[] storedKey = r.readBytes(false, false, "storedKey");
        byte[] serverKey = r.readBytes(false, false, "serverKey");
        return new UserScramCredentialRecord(user, mechanism,
                new ScramCredential(salt, storedKey, serverKey, r.readInt32()));
    }

    private static void header(ProtocolWriter w, int type) {
        header(w, type, VERSION);
    }

    private static void header(ProtocolWriter w, int type, byte version) {
        w.writeInt8((byte) type);
        w.writeInt8(version);
    }

    private static AclBinding readAcl(ProtocolReader r) {
        ResourceType type = ResourceType.forCode(r.readInt8());
        String name = r.readString(false, false, "resourceName");
        PatternType pattern = PatternType.forCode(r.readInt8());
        String principal = r.readString(false, false, "principal");
        String host = r.readString(false, false, "host");
        AclOperation operation = AclOperation.forCode(r.readInt8());
        AclPermissionType permission = AclPermissionType.forCode(r.readInt8());
        if (!type.isConcrete() || !pattern.isConcrete() || !operation.isConcrete() || !permission.isConcrete()) {
            throw new MetadataFormatException("ACL record with a value that is not concrete: " + type + " " + pattern
                    + " " + operation + " " + permission);
        }
        return new AclBinding(type, name, pattern, principal, host, operation, permission);
    }

    private static void writeTriBool(ProtocolWriter w, Boolean value) {
        w.writeInt8(value == null ? (byte) -1 : value ? (byte) 1 : (byte) 0);
    }

    private static Boolean readTriBool(ProtocolReader r) {
        byte b = r.readInt8();
        return switch (b) {
            case -1 -> null;
            case 0 -> Boolean.FALSE;
            case 1 -> Boolean.TRUE;
            default -> throw new MetadataFormatException("bad tri-state boolean " + b);
        };
    }

    private static void writeInts(ProtocolWriter w, List<Integer> values) {
        if (values == null) {
            w.writeInt32(-1);
            return;
        }
        w.writeInt32(values.size());
        for (int v : values) {
            w.writeInt32(v);
        }
    }

    private static List<Integer> readInts(ProtocolReader r, boolean nullable) {
        int n = r.readInt32();
        if (n == -1 && nullable) {
            return null;
        }
        if (n < 0 || (long) n * 4 > r.remaining()) {
            throw new MetadataFormatException("bad int list length " + n);
        }
        Integer[] values = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = r.readInt32();
        }
        return List.of(values);
    }

    /** An upper bound of the encoded size: strings are sized at 3 UTF-8 bytes per char. */
    private static int maxSize(MetadataRecord record) {
        int size = 64;
        if (record instanceof RegisterBrokerRecord r) {
            size += str(r.rack());
            for (Endpoint e : r.endpoints()) {
                size += str(e.listener()) + str(e.host()) + 6;
            }
        } else if (record instanceof PartitionRecord r) {
            size += ints(r.replicas()) + ints(r.isr()) + ints(r.elr()) + ints(r.addingReplicas())
                    + ints(r.removingReplicas());
        } else if (record instanceof PartitionChangeRecord r) {
            size += ints(r.replicas()) + ints(r.isr()) + ints(r.elr()) + ints(r.addingReplicas())
                    + ints(r.removingReplicas());
        } else if (record instanceof TopicRecord r) {
            size += str(r.name());
        } else if (record instanceof ConfigRecord r) {
            size += str(r.resource().name()) + str(r.key()) + str(r.value());
        } else if (record instanceof UserScramCredentialRecord r) {
            ScramCredential c = r.credential();
            size += str(r.user()) + 12 + c.salt().length + c.storedKey().length + c.serverKey().length;
        } else if (record instanceof RemoveUserScramCredentialRecord r) {
            size += str(r.user());
        } else if (record instanceof AccessControlEntryRecord r) {
            size += str(r.acl().resourceName()) + str(r.acl().principal()) + str(r.acl().host());
        } else if (record instanceof ClientQuotaRecord r) {
            size += str(r.key()) + 4;
            for (Map.Entry<String, String> e : r.entity().entries().entrySet()) {
                size += str(e.getKey()) + str(e.getValue());
            }
        }
        return size;
    }

    private static int str(String s) {
        return 2 + (s == null ? 0 : 3 * s.length());
    }

    private static int ints(List<Integer> values) {
        return 4 + (values == null ? 0 : 4 * values.size());
    }
}
