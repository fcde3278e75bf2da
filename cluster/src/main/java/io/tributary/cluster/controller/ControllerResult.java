package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.MetadataRecord;

import java.util.List;

/**
 * What handling one command decided: the records to append to the metadata log (possibly none) and the
 * response to give once they are committed.
 *
 * @param records  records to append, in order, as one batch
 * @param response the answer to the caller
 * @param <R>      the response type
 */
public record ControllerResult<R>(List<MetadataRecord> records, R response) {
    public ControllerResult {
        records = List.copyOf(records);
    }

    public static <R> ControllerResult<R> of(List<MetadataRecord> records, R response) {
        return new ControllerResult<>(records, response);
    }

    public static <R> ControllerResult<R> noRecords(R response) {
        return new ControllerResult<>(List.of(), response);
    }
}
