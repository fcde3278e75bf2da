package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.ScriptedMetadataNode;
import io.tributary.broker.security.Authorizer;
import io.tributary.broker.security.KafkaPrincipal;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AllocateProducerIdsRequestData;
import io.tributary.protocol.message.AllocateProducerIdsResponseData;
import io.tributary.protocol.message.AlterPartitionRequestData;
import io.tributary.protocol.message.AlterPartitionResponseData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.BrokerHeartbeatRequestData;
import io.tributary.protocol.message.BrokerHeartbeatResponseData;
import io.tributary.protocol.message.BrokerRegistrationRequestData;
import io.tributary.protocol.message.BrokerRegistrationResponseData;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The controller APIs brokers call (registration, heartbeats, producer id blocks, ISR changes) need CLUSTER_ACTION
 * on the cluster, as Kafka's controller asks: a principal without it is answered CLUSTER_AUTHORIZATION_FAILED and
 * the controller never sees the command.
 */
class ControllerApisAuthorizationTest {

    /** Denies everything and counts what it was asked. */
    private static final class DenyAll implements Authorizer {
        final AtomicInteger clusterActionAsked = new AtomicInteger();

        @Override
        public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                                 String resourceName) {
            if (operation == AclOperation.CLUSTER_ACTION && type == ResourceType.CLUSTER
                    && resourceName.equals(Access.CLUSTER_NAME)) {
                clusterActionAsked.incrementAndGet();
            }
            return false;
        }

        @Override
        public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                    ResourceType type) {
            return false;
        }
    }

    @Test
    void brokerApisWithoutClusterActionAreRefusedBeforeTheController() {
        DenyAll authorizer = new DenyAll();
        Access access = new Access(Optional.of(authorizer));
        ScriptedMetadataNode controller = ScriptedMetadataNode.activeController(cmd -> {
            throw new AssertionError("the controller got " + cmd);
        });
        short error = Errors.CLUSTER_AUTHORIZATION_FAILED.code();

        assertThat(((BrokerRegistrationResponseData) ScriptedMetadataNode.handle(new BrokerRegistrationHandler(
                controller, "cluster", access), ApiKey.BROKER_REGISTRATION, (short) 0,
                new BrokerRegistrationRequestData().setClusterId("cluster").setBrokerId(2))).errorCode())
                .isEqualTo(error);
        assertThat(((BrokerHeartbeatResponseData) ScriptedMetadataNode.handle(new BrokerHeartbeatHandler(controller,
                access), ApiKey.BROKER_HEARTBEAT, (short) 0, new BrokerHeartbeatRequestData().setBrokerId(2)))
                .errorCode()).isEqualTo(error);
        assertThat(((AllocateProducerIdsResponseData) ScriptedMetadataNode.handle(new AllocateProducerIdsHandler(
                controller, access), ApiKey.ALLOCATE_PRODUCER_IDS, (short) 0,
                new AllocateProducerIdsRequestData().setBrokerId(2))).errorCode()).isEqualTo(error);
        assertThat(((AlterPartitionResponseData) ScriptedMetadataNode.handle(new AlterPartitionHandler(controller,
                access), ApiKey.ALTER_PARTITION, (short) 2, new AlterPartitionRequestData().setBrokerId(2)))
                .errorCode()).isEqualTo(error);
        assertThat(authorizer.clusterActionAsked).hasValue(4);
    }

    @Test
    void withoutAnAuthorizerBrokersAreServed() {
        ScriptedMetadataNode controller = ScriptedMetadataNode.activeController(cmd ->
                CompletableFuture.failedFuture(new IllegalStateException("reached the controller")));
        BrokerHeartbeatResponseData answer = (BrokerHeartbeatResponseData) ScriptedMetadataNode.handle(
                new BrokerHeartbeatHandler(controller, Access.OPEN), ApiKey.BROKER_HEARTBEAT, (short) 0,
                new BrokerHeartbeatRequestData().setBrokerId(2));
        assertThat(answer.errorCode()).isNotEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
    }
}
