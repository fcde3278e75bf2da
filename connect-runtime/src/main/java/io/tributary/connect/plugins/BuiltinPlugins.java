package io.tributary.connect.plugins;

import io.tributary.connect.converters.BooleanConverter;
import io.tributary.connect.converters.ByteArrayConverter;
import io.tributary.connect.converters.DoubleConverter;
import io.tributary.connect.converters.FloatConverter;
import io.tributary.connect.converters.IntegerConverter;
import io.tributary.connect.converters.LongConverter;
import io.tributary.connect.converters.ShortConverter;
import io.tributary.connect.herder.ConnectorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker's own plugins: the converters Apache ships inside its worker (connect-runtime) rather than in
 * connect-api. Configs name them by Apache's class names, which {@link #APACHE_NAMES} maps to ours. (The default
 * header converter, SimpleHeaderConverter, is connect-api's own.)
 */
final class BuiltinPlugins {

    private static final List<Class<?>> CONVERTERS = List.of(ByteArrayConverter.class, IntegerConverter.class,
            LongConverter.class, ShortConverter.class, FloatConverter.class, DoubleConverter.class,
            BooleanConverter.class);

    static final Map<String, String> APACHE_NAMES = Map.of(
            "org.apache.kafka.connect.converters.ByteArrayConverter", ByteArrayConverter.class.getName(),
            "org.apache.kafka.connect.converters.IntegerConverter", IntegerConverter.class.getName(),
            "org.apache.kafka.connect.converters.LongConverter", LongConverter.class.getName(),
            "org.apache.kafka.connect.converters.ShortConverter", ShortConverter.class.getName(),
            "org.apache.kafka.connect.converters.FloatConverter", FloatConverter.class.getName(),
            "org.apache.kafka.connect.converters.DoubleConverter", DoubleConverter.class.getName(),
            "org.apache.kafka.connect.converters.BooleanConverter", BooleanConverter.class.getName());

    private BuiltinPlugins() {
    }

    static List<Plugins.Plugin> all(ClassLoader worker) {
        List<Plugins.Plugin> out = new ArrayList<>();
        for (Class<?> c : CONVERTERS) {
            String version = PluginDiscovery.version(c);
            out.add(new Plugins.Plugin(c, worker, ConnectorType.CONVERTER, version));
            out.add(new Plugins.Plugin(c, worker, ConnectorType.HEADER_CONVERTER, version));
        }
        return out;
    }
}
