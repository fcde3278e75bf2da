package io.tributary.cluster.raft;

import io.tributary.cluster.QuorumConfig;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Ratis settings of a metadata node (see ../shared/notes/ratis.md for why each is what it is).
 *
 * <ul>
 *   <li>Netty transport: faster start and reconnect than gRPC; metadata needs no pipelining.</li>
 *   <li>Election timeout 1–2 s (first election 50–150 ms so a single voter starts at once): tolerant of a
 *       loaded 2-core machine, still a failover within a few seconds.</li>
 *   <li>A snapshot every {@code metadata.snapshot.entries} entries; the log is purged up to it.</li>
 * </ul>
 */
final class RatisSettings {

    private RatisSettings() {
    }

    static RaftProperties properties(QuorumConfig config) {
        File dir = config.metadataLogDir().toAbsolutePath().toFile();
        if (dir.getPath().contains(",")) {
            throw new IllegalArgumentException("metadata.log.dir must not contain ',': " + dir);
        }
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(p, config.raftAddress().getHostString());
        NettyConfigKeys.Server.setPort(p, config.raftAddress().getPort());
        RaftServerConfigKeys.setStorageDir(p, List.of(dir));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(50, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEntries());
        RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(1024, config.snapshotEntries()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, config.snapshotEntries()));
        return p;
    }
}
