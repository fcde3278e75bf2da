package io.tributary.jms.jndi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.Test;

/** JNDI names from the environment, as ActiveMQ's jndi.properties convention has them. */
class TributaryInitialContextFactoryTest {

    @Test
    void factoriesQueuesAndTopicsAreBoundFromTheEnvironment() throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, TributaryInitialContextFactory.class.getName());
        env.put(Context.PROVIDER_URL, "broker-a:9092");
        env.put("connectionFactory.Default", "");
        env.put("connectionFactory.Other", "broker-b:9093");
        env.put("queue.orders", "orders-v1");
        env.put("topic.events", "events-v2");
        Context ctx = new InitialContext(env);
        assertThat(((TributaryConnectionFactory) ctx.lookup("Default")).getBootstrapServers())
                .isEqualTo("broker-a:9092");
        assertThat(((TributaryConnectionFactory) ctx.lookup("Other")).getBootstrapServers())
                .isEqualTo("broker-b:9093");
        assertThat(((Queue) ctx.lookup("orders")).getQueueName()).isEqualTo("orders-v1");
        assertThat(((Topic) ctx.lookup("events")).getTopicName()).isEqualTo("events-v2");
        assertThatThrownBy(() -> ctx.lookup("nothing")).isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> ctx.bind("x", "y")).isInstanceOf(OperationNotSupportedException.class);
    }

    @Test
    void withoutAFactoryEntryConnectionFactoryIsBoundToTheProviderUrl() throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, TributaryInitialContextFactory.class.getName());
        env.put(Context.PROVIDER_URL, "h:1");
        assertThat(((TributaryConnectionFactory) new InitialContext(env).lookup("ConnectionFactory"))
                .getBootstrapServers()).isEqualTo("h:1");
    }
}
