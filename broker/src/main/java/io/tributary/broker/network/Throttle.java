package io.tributary.broker.network;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.FetchResponseData;
import io.tributary.protocol.message.ProduceResponseData;

/** The throttle time a response tells its client (the quota-enforced APIs: Produce, Fetch), 0 for any other. */
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
        return 0;
    }
}
