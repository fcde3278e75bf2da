package io.tributary.streams.internal;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.Record;
import java.util.ArrayList;
import java.util.List;

/** A node as one task runs it: its processor instance and its children. */
final class ProcessorNode {

    final String name;
    final Processor<Object, Object, Object, Object> processor;
    final List<ProcessorNode> children = new ArrayList<>();

    ProcessorNode(String name, Processor<Object, Object, Object, Object> processor) {
        this.name = name;
        this.processor = processor;
    }

    void process(Record<Object, Object> record) {
        processor.process(record);
    }

    ProcessorNode child(String childName) {
        for (ProcessorNode child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        throw new IllegalArgumentException("node " + name + " has no child named " + childName);
    }
}
