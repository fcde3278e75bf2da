package io.tributary.registry.serde;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;

/**
 * Descriptors built in code (no protoc): {@code acme/common.proto} ({@code acme.Money}) and
 * {@code shop/order.proto}, importing it and {@code google/protobuf/timestamp.proto}, with {@code shop.Order} (a
 * nested message, an enum, a repeated field, a map, a Timestamp, a Money) and {@code shop.Note} (second top-level
 * message, holding a nested {@code Note.Tag}); and messages of them.
 */
final class ProtobufTestFiles {

    static final FileDescriptor COMMON;
    static final FileDescriptor ORDER_FILE;

    /** The {@code .proto} texts the two files are (what a registry stores for them). */
    static final String COMMON_TEXT = """
            syntax = "proto3";
            package acme;

            message Money {
              string currency = 1;
              int64 units = 2;
            }
            """;
    static final String ORDER_TEXT = """
            syntax = "proto3";
            package shop;

            import "acme/common.proto";
            import "google/protobuf/timestamp.proto";

            message Order {
              int64 id = 1;
              Status status = 2;
              repeated string tags = 3;
              map<string, int32> counts = 4;
              Line line = 5;
              google.protobuf.Timestamp placed = 6;
              acme.Money total = 7;

              message Line {
                string sku = 1;
                int32 qty = 2;
              }
            }
            message Note {
              string text = 1;

              message Tag {
                string name = 1;
              }
            }
            enum Status {
              NEW = 0;
              PAID = 1;
            }
            """;

    static {
        try {
            COMMON = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName("acme/common.proto")
                    .setSyntax("proto3").setPackage("acme")
                    .addMessageType(DescriptorProto.newBuilder().setName("Money")
                            .addField(field("currency", 1, Type.TYPE_STRING, null))
                            .addField(field("units", 2, Type.TYPE_INT64, null)))
                    .build(), new FileDescriptor[0]);
            DescriptorProto order = DescriptorProto.newBuilder().setName("Order")
                    .addField(field("id", 1, Type.TYPE_INT64, null))
                    .addField(field("status", 2, Type.TYPE_ENUM, ".shop.Status"))
                    .addField(field("tags", 3, Type.TYPE_STRING, null).setLabel(Label.LABEL_REPEATED))
                    .addField(field("counts", 4, Type.TYPE_MESSAGE, ".shop.Order.CountsEntry")
                            .setLabel(Label.LABEL_REPEATED))
                    .addField(field("line", 5, Type.TYPE_MESSAGE, ".shop.Order.Line"))
                    .addField(field("placed", 6, Type.TYPE_MESSAGE, ".google.protobuf.Timestamp"))
                    .addField(field("total", 7, Type.TYPE_MESSAGE, ".acme.Money"))
                    .addNestedType(DescriptorProto.newBuilder().setName("Line")
                            .addField(field("sku", 1, Type.TYPE_STRING, null))
                            .addField(field("qty", 2, Type.TYPE_INT32, null)))
                    .addNestedType(DescriptorProto.newBuilder().setName("CountsEntry")
                            .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                            .addField(field("key", 1, Type.TYPE_STRING, null))
                            .addField(field("value", 2, Type.TYPE_INT32, null)))
                    .build();
            DescriptorProto note = DescriptorProto.newBuilder().setName("Note")
                    .addField(field("text", 1, Type.TYPE_STRING, null))
                    .addNestedType(DescriptorProto.newBuilder().setName("Tag")
                            .addField(field("name", 1, Type.TYPE_STRING, null)))
                    .build();
            ORDER_FILE = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName("shop/order.proto")
                    .setSyntax("proto3").setPackage("shop")
                    .addDependency("acme/common.proto").addDependency("google/protobuf/timestamp.proto")
                    .addMessageType(order).addMessageType(note)
                    .addEnumType(EnumDescriptorProto.newBuilder().setName("Status")
                            .addValue(EnumValueDescriptorProto.newBuilder().setName("NEW").setNumber(0))
                            .addValue(EnumValueDescriptorProto.newBuilder().setName("PAID").setNumber(1)))
                    .build(), new FileDescriptor[] {COMMON, Timestamp.getDescriptor().getFile()});
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ProtobufTestFiles() {
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, String typeName) {
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(type).setLabel(Label.LABEL_OPTIONAL);
        if (typeName != null) {
            f.setTypeName(typeName);
        }
        return f;
    }

    static Descriptor orderType() {
        return ORDER_FILE.findMessageTypeByName("Order");
    }

    static Descriptor tagType() {
        return ORDER_FILE.findMessageTypeByName("Note").findNestedTypeByName("Tag");
    }

    /** An order with every field set. */
    static DynamicMessage order(long id) {
        Descriptor type = orderType();
        Descriptor line = type.findNestedTypeByName("Line");
        Descriptor entry = type.findNestedTypeByName("CountsEntry");
        Descriptor money = COMMON.findMessageTypeByName("Money");
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type)
                .setField(f(type, "id"), id)
                .setField(f(type, "status"), ORDER_FILE.findEnumTypeByName("Status").findValueByName("PAID"))
                .addRepeatedField(f(type, "tags"), "red")
                .addRepeatedField(f(type, "tags"), "big")
                .setField(f(type, "line"), DynamicMessage.newBuilder(line).setField(f(line, "sku"), "sku-" + id)
                        .setField(f(line, "qty"), 3).build())
                .setField(f(type, "placed"), Timestamp.newBuilder().setSeconds(1_700_000_000L + id).setNanos(5)
                        .build())
                .setField(f(type, "total"), DynamicMessage.newBuilder(money).setField(f(money, "currency"), "EUR")
                        .setField(f(money, "units"), 12L).build());
        for (String k : new String[] {"a", "b"}) {
            b.addRepeatedField(f(type, "counts"), DynamicMessage.newBuilder(entry).setField(f(entry, "key"), k)
                    .setField(f(entry, "value"), k.charAt(0) - 'a' + 1).build());
        }
        return b.build();
    }

    static DynamicMessage tag(String name) {
        return DynamicMessage.newBuilder(tagType()).setField(f(tagType(), "name"), name).build();
    }

    static FieldDescriptor f(Descriptor type, String name) {
        return type.findFieldByName(name);
    }
}
