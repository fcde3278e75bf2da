package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.broker.txn.TransactionMetadata;
import io.tributary.broker.txn.TransactionState;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ListTransactionsRequestData;
import io.tributary.protocol.message.ListTransactionsResponseData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ListTransactions (KIP-664; v1 adds the duration filter, KIP-994; v2 the transactional id pattern, KIP-1152): the
 * transactional ids this broker coordinates, with producer id and state, as Kafka's {@code kafka-transactions list}
 * and {@code find-hanging} read them. The admin client asks every broker and merges the answers.
 *
 * <p>Filters, all of which must hold, as Kafka's coordinator applies them:
 * <ul>
 *   <li>states, by Kafka's display name ({@code Ongoing}, …): a name Kafka does not know is returned in
 *       {@code unknownStateFilters} and matches nothing (so a request naming only unknown states lists nothing);</li>
 *   <li>producer ids;</li>
 *   <li>duration ({@code >= 0}): leaves out transactions begun at most that many milliseconds ago. Kafka's
 *       comparison is kept as it is: an id with no start time (-1: in Kafka a fresh {@code Empty} id, here also
 *       one whose last transaction ended) passes;</li>
 *   <li>transactional id pattern (null or empty: no filter): a Java regular expression the whole id must match;
 *       one that does not compile is answered with INVALID_REGULAR_EXPRESSION.</li>
 * </ul>
 * Ids being expired ({@code Dead}) are never listed. The coordinator's state is copied on its thread; filtering (a
 * client's regular expression) runs on the request thread.
 */
public final class ListTransactionsHandler implements ApiHandler {

    /** The coordinator's transactional ids at one moment. */
    private record Snapshot(Collection<TransactionMetadata> transactions, long nowMs) {
    }

    private final TransactionCoordinatorService transactions;
    private final Access access;

    public ListTransactionsHandler(TransactionCoordinatorService transactions, Access access) {
        this.transactions = transactions;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ListTransactionsRequestData request = (ListTransactionsRequestData) body;
        return transactions.run((c, now) -> new Snapshot(c.transactions(), now))
                .thenApply(s -> describable(context, list(request, s.transactions(), s.nowMs())));
    }

    /** As Kafka: only the ids the principal may describe. */
    private ApiMessage describable(RequestContext context, ListTransactionsResponseData response) {
        if (access.enabled()) {
            response.transactionStates().removeIf(t -> !access.allows(context, AclOperation.DESCRIBE,
                    ResourceType.TRANSACTIONAL_ID, t.transactionalId()));
        }
        return response;
    }

    /** The answer to {@code request} from these transactional ids at {@code nowMs}. */
    static ListTransactionsResponseData list(ListTransactionsRequestData request,
                                             Collection<TransactionMetadata> all, long nowMs) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Pattern idPattern = null;
        String pattern = request.transactionalIdPattern();
        if (pattern != null && !pattern.isEmpty()) {
            try {
                idPattern = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                return response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code());
            }
        }
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        List<String> unknown = new ArrayList<>();
        for (String name : new HashSet<>(request.stateFilters())) {
            TransactionState state = TransactionState.named(name);
            if (state == null) {
                unknown.add(name);
            } else {
                states.add(state);
            }
        }
        unknown.sort(null);
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        boolean byState = !request.stateFilters().isEmpty();
        long duration = request.durationFilter();

        List<TransactionMetadata> listed = new ArrayList<>();
        for (TransactionMetadata txn : all) {
            if (txn.state() == TransactionState.DEAD
                    || (!producerIds.isEmpty() && !producerIds.contains(txn.producerId()))
                    || (byState && !states.contains(txn.state()))
                    || (duration >= 0 && nowMs - txn.startMs() <= duration)
                    || (idPattern != null && !idPattern.matcher(txn.transactionalId()).matches())) {
                continue;
            }
            listed.add(txn);
        }
        listed.sort(Comparator.comparing(TransactionMetadata::transactionalId));
        List<ListTransactionsResponseData.TransactionState> out = new ArrayList<>(listed.size());
        for (TransactionMetadata txn : listed) {
            out.add(new ListTransactionsResponseData.TransactionState().setTransactionalId(txn.transactionalId())
                    .setProducerId(txn.producerId()).setTransactionState(txn.state().displayName()));
        }
        return response.setErrorCode(Errors.NONE.code()).setUnknownStateFilters(unknown).setTransactionStates(out);
    }
}
