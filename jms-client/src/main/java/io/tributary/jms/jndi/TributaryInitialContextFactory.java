package io.tributary.jms.jndi;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.TributaryQueue;
import io.tributary.jms.TributaryTopic;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.Context;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI InitialContextFactory reading its environment the way ActiveMQ's does:
 *
 * <pre>
 * java.naming.factory.initial = io.tributary.jms.jndi.TributaryInitialContextFactory
 * java.naming.provider.url    = host:9092[,host:9092]      bootstrap servers of every connection factory
 * connectionFactory.&lt;name&gt;    = &lt;bootstrap servers&gt;         a factory bound as &lt;name&gt; (empty: the provider URL)
 * queue.&lt;jndiName&gt;            = &lt;queue name&gt;
 * topic.&lt;jndiName&gt;            = &lt;topic name&gt;
 * </pre>
 *
 * Without any {@code connectionFactory.} entry, {@code ConnectionFactory} is bound to a factory of the provider URL.
 * The context is read-only.
 */
public class TributaryInitialContextFactory implements InitialContextFactory {

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        Map<String, Object> bindings = new HashMap<>();
        Object url = environment.get(Context.PROVIDER_URL);
        String providerUrl = url == null ? "localhost:9092" : url.toString();
        boolean anyFactory = false;
        for (Map.Entry<?, ?> e : environment.entrySet()) {
            String key = e.getKey().toString();
            String value = e.getValue() == null ? "" : e.getValue().toString();
            if (key.startsWith("connectionFactory.")) {
                anyFactory = true;
                bindings.put(key.substring("connectionFactory.".length()),
                        new TributaryConnectionFactory(value.isBlank() ? providerUrl : value));
            } else if (key.startsWith("queue.")) {
                bindings.put(key.substring("queue.".length()), new TributaryQueue(value));
            } else if (key.startsWith("topic.")) {
                bindings.put(key.substring("topic.".length()), new TributaryTopic(value));
            }
        }
        if (!anyFactory) {
            bindings.put("ConnectionFactory", new TributaryConnectionFactory(providerUrl));
        }
        return new ReadOnlyContext(bindings, environment);
    }
}
