package io.tributary.cluster.raft;

import io.tributary.cluster.metadata.MetadataBatch;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataSnapshotFile;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The Ratis state machine of the metadata log: applies each committed {@link MetadataBatch} to the image,
 * writes and loads snapshots ({@link MetadataSnapshotFile} under Ratis' {@code sm/} directory), and reports
 * leadership to the {@link ControllerEventLoop}.
 *
 * <p>Apply is synchronous, on Ratis' single state-machine-updater thread, so when Ratis calls
 * {@link #notifyLeaderReady()} (after applying the new leader's first entry) the image holds every earlier
 * entry: that image is where the new active controller starts. A batch whose controller term differs from its
 * entry's term, or that does not apply to the image, is skipped — identically on every member.
 */
final class MetadataStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

    /** Where applied changes and leadership events go. */
    interface Events {
        void applied(MetadataDelta delta, MetadataImage image);

        void leaderReady(MetadataImage image, long term);

        void leaderLost();
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final Events events;
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile RaftPeerId leaderId;

    MetadataStateMachine(Events events) {
        this.events = events;
    }

    MetadataImage image() {
        return image;
    }

    RaftPeerId leaderId() {
        return leaderId;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().startAndTransition(() -> loadLatestSnapshot());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void pause() {
        // Ratis requires PAUSED before it installs a snapshot from the leader (then calls reinitialize).
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.hasMd5()) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        MetadataSnapshotFile.Content content = MetadataSnapshotFile.read(file.toPath());
        image = content.image();
        setLastAppliedTermIndex(TermIndex.valueOf(content.term(), content.index()));
        LOG.info("{}: loaded metadata snapshot at term {} index {}: {}", getId(), content.term(), content.index(),
                image);
        events.applied(new MetadataDelta(MetadataImage.EMPTY).replayAll(image.toRecords()), image);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        RaftProtos.LogEntryProto entry = trx.getLogEntry();
        long term = entry.getTerm();
        long index = entry.getIndex();
        try {
            MetadataBatch batch = MetadataBatch.decode(entry.getStateMachineLogEntry().getLogData()
                    .asReadOnlyByteBuffer());
            if (batch.controllerTerm() != term) {
                LOG.warn("{}: skipping entry {} computed in term {} but appended in term {}", getId(), index,
                        batch.controllerTerm(), term);
            } else {
                MetadataDelta delta = new MetadataDelta(image).replayAll(batch.records());
                MetadataImage next = delta.apply(index);
                image = next;
                events.applied(delta, next);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: skipping metadata entry {} that does not apply: {}", getId(), index, e.toString());
        }
        updateLastAppliedTermIndex(term, index);
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        MetadataImage current = image;
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        MetadataSnapshotFile.write(file.toPath(), last.getTerm(), last.getIndex(), current);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        LOG.info("{}: wrote metadata snapshot at term {} index {}", getId(), last.getTerm(), last.getIndex());
        return last.getIndex();
    }

    @Override
    public void notifyLeaderReady() {
        try {
            long term = getServer().join().getDivision(getGroupId()).getInfo().getCurrentTerm();
            events.leaderReady(image, term);
        } catch (IOException e) {
            LOG.error("{}: cannot read the current term; not activating the controller", getId(), e);
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        leaderId = newLeaderId;
        if (!member.getPeerId().equals(newLeaderId)) {
            events.leaderLost();
        }
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        events.leaderLost();
    }

    @Override
    public void notifyServerShutdown(RaftProtos.RoleInfoProto roleInfo, boolean allServer) {
        events.leaderLost();
    }
}
