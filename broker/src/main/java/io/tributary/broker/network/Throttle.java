package io.tributary.broker.network;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.CreatePartitionsResponseData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import io.tributary.protocol.message.DeleteTopicsResponseData;
import io.tributary.protocol.message.FetchResponseData;
import io.tributary.protocol.message.ProduceResponseData;

/**
 * The throttle time a response tells its client (the quota-enforced APIs: Produce, Fetch, and the controller
 * mutations CreateTopics, CreatePartitions, DeleteTopics), 0 for any other.
 */
final class Throttle {
    private Throttle() {
    }

    static int ms(ApiMessage response) {
        if (response instanceof ProduceResponseData r) {
            return r.throttleTimeMs();
        }
        if (response instanceof FetchResponseData r) {
            return r.throttleTimeMs();
        }
        if (response instanceof CreateTopicsResponseData r) {
            return r.throttleTimeMs();
        }
        if (response instanceof CreatePartitionsResponseData r) {
            return r.throttleTimeMs();
        }
        if (response instanceof DeleteTopicsResponseData r) {
            return r.throttleTimeMs();
        }
        return 0;
    }
}
