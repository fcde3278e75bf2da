package io.tributary.connect.worker;

import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/** What every task runs with, built by the worker from the connector's config: converters, transforms, errors. */
record TaskParts<R extends ConnectRecord<R>>(ConnectorConfig connectorConfig, Map<String, String> taskConfig,
                                             ClassLoader loader, Converter keyConverter, Converter valueConverter,
                                             HeaderConverter headerConverter, TransformationChain<R> transforms,
                                             ErrorHandler errors) {

    void close() {
        transforms.close();
        closeQuietly(keyConverter);
        closeQuietly(valueConverter);
        closeQuietly(headerConverter);
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a converter failing to close must not keep the task from stopping
            }
        }
    }
}
