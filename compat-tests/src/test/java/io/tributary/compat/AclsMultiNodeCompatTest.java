package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.message.CreateAclsRequestData;
import io.tributary.protocol.message.CreateAclsResponseData;
import io.tributary.protocol.message.DeleteAclsRequestData;
import io.tributary.protocol.message.DeleteAclsResponseData;
import io.tributary.protocol.message.DescribeAclsRequestData;
import io.tributary.protocol.message.DescribeAclsResponseData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs on a three-node cluster, every node with {@code authorizer.class.name}: CreateAcls sent to each node (two of
 * them not the controller, so forwarded to it) is answered once that node holds the ACL — its own DescribeAcls shows
 * it at once — and every node holds every ACL; a DeleteAcls sent to one node removes them from the next node asked.
 * Raw connections pin each request to one node (Admin would pick any).
 */
class AclsMultiNodeCompatTest {

    private static final byte TOPIC = 2;
    private static final byte LITERAL = 3;
    private static final byte READ = 3;
    private static final byte ALLOW = 3;
    private static final byte ANY = 1;

    @Test
    void aclsCreatedThroughAnyNodeAreHeldByEveryNodeAndDeletedThroughAnother(@TempDir Path dir) throws Exception {
        // brokers (and this test's raw PLAINTEXT connections) are User:ANONYMOUS: a super user, as Kafka's docs advise
        try (TributaryCluster cluster = new TributaryCluster(dir, 3, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS")).start()) {
            for (int id = 1; id <= 3; id++) {
                TributaryProcess node = cluster.node(id);
                try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
                    CreateAclsResponseData created = (CreateAclsResponseData) raw.request(new CreateAclsRequestData()
                            .setCreations(List.of(new CreateAclsRequestData.AclCreation().setResourceType(TOPIC)
                                    .setResourceName("via-" + id).setResourcePatternType(LITERAL)
                                    .setPrincipal("User:alice").setHost("*").setOperation(READ)
                                    .setPermissionType(ALLOW))), (short) 3);
                    assertThat(created.results()).singleElement().satisfies(r ->
                            assertThat(Errors.forCode(r.errorCode())).as("%s", r.errorMessage()).isEqualTo(Errors.NONE));
                    assertThat(names(describe(raw))).as("node %d reads its own write", id).contains("via-" + id);
                }
            }
            for (TributaryProcess node : cluster.nodes()) {
                try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
                    Await.until("node " + node.port() + " holds every ACL", Duration.ofSeconds(30), () -> names(describe(raw))
                            .containsAll(List.of("via-1", "via-2", "via-3")));
                }
            }

            DeleteAclsResponseData deleted;
            try (RawConnection raw = new RawConnection("127.0.0.1", cluster.node(3).port())) {
                deleted = (DeleteAclsResponseData) raw.request(new DeleteAclsRequestData().setFilters(List.of(
                        new DeleteAclsRequestData.DeleteAclsFilter().setResourceTypeFilter(TOPIC)
                                .setResourceNameFilter(null).setPatternTypeFilter(ANY).setPrincipalFilter("User:alice")
                                .setHostFilter(null).setOperation(ANY).setPermissionType(ANY))), (short) 3);
            }
            assertThat(deleted.filterResults()).singleElement().satisfies(r -> assertThat(r.matchingAcls())
                    .extracting(DeleteAclsResponseData.DeleteAclsMatchingAcl::resourceName)
                    .containsExactlyInAnyOrder("via-1", "via-2", "via-3"));
            try (RawConnection raw = new RawConnection("127.0.0.1", cluster.node(3).port())) {
                assertThat(names(describe(raw))).as("deleted, read back where asked").isEmpty();
            }
        }
    }

    private static DescribeAclsResponseData describe(RawConnection raw) throws Exception {
        return (DescribeAclsResponseData) raw.request(new DescribeAclsRequestData().setResourceTypeFilter(ANY)
                .setResourceNameFilter(null).setPatternTypeFilter(ANY).setPrincipalFilter(null).setHostFilter(null)
                .setOperation(ANY).setPermissionType(ANY), (short) 3);
    }

    private static List<String> names(DescribeAclsResponseData response) {
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        return response.resources().stream().map(DescribeAclsResponseData.DescribeAclsResource::resourceName).toList();
    }
}
