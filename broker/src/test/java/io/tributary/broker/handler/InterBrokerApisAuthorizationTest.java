package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.security.Authorizer;
import io.tributary.broker.security.KafkaPrincipal;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AddPartitionsToTxnRequestData;
import io.tributary.protocol.message.AddPartitionsToTxnResponseData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.FindCoordinatorRequestData;
import io.tributary.protocol.message.FindCoordinatorResponseData;
import io.tributary.protocol.message.InitProducerIdRequestData;
import io.tributary.protocol.message.InitProducerIdResponseData;
import io.tributary.protocol.message.ReadShareGroupStateRequestData;
import io.tributary.protocol.message.ReadShareGroupStateResponseData;
import io.tributary.protocol.message.WriteTxnMarkersRequestData;
import io.tributary.protocol.message.WriteTxnMarkersResponseData;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What brokers ask each other (and the refusals no client test reaches): a principal with no ACLs is answered as
 * Kafka answers it, before the handler touches any state (the handlers here get none).
 */
class InterBrokerApisAuthorizationTest {

    /** Allows nothing. */
    private static final Access NOTHING = new Access(Optional.of(new Authorizer() {
        @Override
        public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                 ResourceType type, String resourceName) {
            return false;
        }

        @Override
        public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                    ResourceType type) {
            return false;
        }
    }));

    private static ApiMessage call(ApiHandler handler, ApiKey api, int version, ApiMessage request) {
        return handler.handle(new RequestContext(api, (short) version, null, null, null, null), request).join();
    }

    @Test
    void writeTxnMarkersWithoutClusterActionFailsEveryPartition() {
        WriteTxnMarkersRequestData request = new WriteTxnMarkersRequestData().setMarkers(List.of(
                new WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(7).setTopics(List.of(
                        new WriteTxnMarkersRequestData.WritableTxnMarkerTopic().setName("t")
                                .setPartitionIndexes(List.of(0, 1))))));
        var r = (WriteTxnMarkersResponseData) call(new WriteTxnMarkersHandler(null, null, Clock.systemUTC(),
                NOTHING), ApiKey.WRITE_TXN_MARKERS, 1, request);
        assertThat(r.markers()).singleElement().satisfies(m -> assertThat(m.topics()).singleElement()
                .satisfies(t -> assertThat(t.partitions()).hasSize(2).allSatisfy(p -> assertThat(p.errorCode())
                        .isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code()))));
    }

    @Test
    void shareStateReadWithoutClusterActionFailsEveryPartition() {
        UUID topic = UUID.randomUUID();
        ReadShareGroupStateRequestData request = new ReadShareGroupStateRequestData().setGroupId("g")
                .setTopics(List.of(new ReadShareGroupStateRequestData.ReadStateData().setTopicId(topic)
                        .setPartitions(List.of(new ReadShareGroupStateRequestData.PartitionData().setPartition(0)))));
        var r = (ReadShareGroupStateResponseData) call(new ReadShareGroupStateHandler(null, NOTHING),
                ApiKey.READ_SHARE_GROUP_STATE, 0, request);
        assertThat(r.results()).singleElement().satisfies(t -> assertThat(t.partitions()).singleElement()
                .satisfies(p -> assertThat(p.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code())));
    }

    @Test
    void brokerBatchOfAddPartitionsToTxnWithoutClusterActionIsRefused() {
        var r = (AddPartitionsToTxnResponseData) call(new AddPartitionsToTxnHandler(null, null, NOTHING),
                ApiKey.ADD_PARTITIONS_TO_TXN, 4, new AddPartitionsToTxnRequestData());
        assertThat(r.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
    }

    @Test
    void findCoordinatorAsksPerKeyType() {
        var share = (FindCoordinatorResponseData) call(new FindCoordinatorHandler(null, null, null, null, NOTHING),
                ApiKey.FIND_COORDINATOR, 6, new FindCoordinatorRequestData().setKeyType((byte) 2)
                        .setCoordinatorKeys(List.of("g:AAAAAAAAAAAAAAAAAAAAAA:0")));
        assertThat(share.coordinators()).singleElement().satisfies(c -> assertThat(c.errorCode())
                .isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        var groups = (FindCoordinatorResponseData) call(new FindCoordinatorHandler(null, null, null, null, NOTHING),
                ApiKey.FIND_COORDINATOR, 6, new FindCoordinatorRequestData().setKeyType((byte) 0)
                        .setCoordinatorKeys(List.of("a", "b")));
        assertThat(groups.coordinators()).hasSize(2).allSatisfy(c -> assertThat(c.errorCode())
                .isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        var txn = (FindCoordinatorResponseData) call(new FindCoordinatorHandler(null, null, null, null, NOTHING),
                ApiKey.FIND_COORDINATOR, 3, new FindCoordinatorRequestData().setKeyType((byte) 1).setKey("tx"));
        assertThat(txn.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
    }

    @Test
    void idempotentProducerWithoutAnyWriteIsRefusedByTheCluster() {
        var r = (InitProducerIdResponseData) call(new InitProducerIdHandler(null, null, NOTHING),
                ApiKey.INIT_PRODUCER_ID, 4, new InitProducerIdRequestData().setTransactionalId(null));
        assertThat(r.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(r.producerId()).isEqualTo(-1);
    }
}
