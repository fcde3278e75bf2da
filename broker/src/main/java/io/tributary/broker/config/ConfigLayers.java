package io.tributary.broker.config;

import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.List;
import java.util.Map;

/**
 * The broker-level layers a config value may come from, highest precedence first: dynamic for this broker,
 * dynamic cluster default, static (the node's properties). Built per request from the committed image.
 */
record ConfigLayers(List<Layer> layers) {

    /** One layer: its source and its key → value map. */
    record Layer(ConfigSource source, Map<String, String> values) {
    }

    static ConfigLayers of(MetadataImage image, int nodeId, Map<String, String> staticProperties) {
        return new ConfigLayers(List.of(
                new Layer(ConfigSource.DYNAMIC_BROKER_CONFIG, image.configs(ConfigResource.broker(nodeId))),
                new Layer(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, image.configs(ConfigResource.CLUSTER)),
                new Layer(ConfigSource.STATIC_BROKER_CONFIG, staticProperties)));
    }
}
