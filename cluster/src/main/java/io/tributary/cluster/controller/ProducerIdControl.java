package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AllocateProducerIds;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ProducerIdsRecord;
import io.tributary.protocol.Errors;

import java.util.List;

/** Hands out disjoint blocks of producer ids; the cursor lives in the log, so no id is ever given twice. */
final class ProducerIdControl {

    private final int blockSize;

    ProducerIdControl(int blockSize) {
        this.blockSize = blockSize;
    }

    ControllerResult<AllocateProducerIds.Result> allocate(MetadataImage image, AllocateProducerIds cmd) {
        BrokerRegistration b = image.broker(cmd.brokerId());
        if (b == null) {
            return ControllerResult.noRecords(new AllocateProducerIds.Result(
                    ApiError.of(Errors.BROKER_ID_NOT_REGISTERED), -1, 0));
        }
        if (b.epoch() != cmd.brokerEpoch()) {
            return ControllerResult.noRecords(new AllocateProducerIds.Result(
                    ApiError.of(Errors.STALE_BROKER_EPOCH), -1, 0));
        }
        long first = image.nextProducerId();
        if (first > Long.MAX_VALUE - blockSize) {
            return ControllerResult.noRecords(new AllocateProducerIds.Result(
                    ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "producer ids exhausted"), -1, 0));
        }
        return ControllerResult.of(List.of(new ProducerIdsRecord(b.id(), b.epoch(), first + blockSize)),
                new AllocateProducerIds.Result(ApiError.NONE, first, blockSize));
    }
}
