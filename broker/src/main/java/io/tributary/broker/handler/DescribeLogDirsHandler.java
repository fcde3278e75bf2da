package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.log.Log;
import io.tributary.log.LogManager;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeLogDirsRequestData;
import io.tributary.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import io.tributary.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import io.tributary.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import io.tributary.protocol.message.DescribeLogDirsResponseData;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs: each of this broker's log dirs (absolute path) with the partitions it holds — all, or those
 * the request names — their size in bytes, offset lag 0 and isFutureKey false (there are no replica moves between
 * dirs), and (v4+) the file store's total and usable bytes. An offline dir is answered KAFKA_STORAGE_ERROR with
 * no partitions, as Kafka does.
 */
public final class DescribeLogDirsHandler implements ApiHandler {

    private final LogManager logManager;

    private final Access access;

    public DescribeLogDirsHandler(LogManager logManager, Access access) {
        this.logManager = logManager;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeLogDirsRequestData request = (DescribeLogDirsRequestData) body;
        if (!access.allowsCluster(context, AclOperation.DESCRIBE)) {
            // Kafka: no directories, the whole answer CLUSTER_AUTHORIZATION_FAILED
            return CompletableFuture.completedFuture(new DescribeLogDirsResponseData()
                    .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        Set<TopicPartition> wanted = wanted(request);
        Set<Path> offline = logManager.offlineDirs();
        Map<TopicPartition, Log> logs = logManager.logsByPartition();
        List<DescribeLogDirsResult> results = new ArrayList<>();
        for (Path dir : logManager.logDirs()) {
            DescribeLogDirsResult result = new DescribeLogDirsResult()
                    .setLogDir(dir.toAbsolutePath().normalize().toString());
            if (offline.contains(dir)) {
                results.add(result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()));
                continue;
            }
            try {
                FileStore store = Files.getFileStore(dir);
                result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
            } catch (IOException e) {
                results.add(result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()));
                continue;
            }
            results.add(result.setTopics(topics(dir, logs, wanted)));
        }
        return CompletableFuture.completedFuture(new DescribeLogDirsResponseData().setResults(results));
    }

    /** The partitions asked about, or null for all. */
    private static Set<TopicPartition> wanted(DescribeLogDirsRequestData request) {
        if (request.topics() == null) {
            return null;
        }
        Set<TopicPartition> wanted = new HashSet<>();
        for (DescribeLogDirsRequestData.DescribableLogDirTopic t : request.topics()) {
            for (int p : t.partitions()) {
                wanted.add(new TopicPartition(t.topic(), p));
            }
        }
        return wanted;
    }

    private static List<DescribeLogDirsTopic> topics(Path dir, Map<TopicPartition, Log> logs,
                                                     Set<TopicPartition> wanted) {
        Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
        logs.forEach((tp, log) -> {
            if ((wanted == null || wanted.contains(tp)) && log.dir().getParent().equals(dir)) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new DescribeLogDirsPartition()
                        .setPartitionIndex(tp.partition()).setPartitionSize(log.sizeInBytes()).setOffsetLag(0)
                        .setIsFutureKey(false));
            }
        });
        List<DescribeLogDirsTopic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> {
            partitions.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
            topics.add(new DescribeLogDirsTopic().setName(name).setPartitions(partitions));
        });
        return topics;
    }
}
