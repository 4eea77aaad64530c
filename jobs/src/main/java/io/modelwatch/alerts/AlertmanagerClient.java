package io.modelwatch.alerts;

import java.io.IOException;

/** Posts a JSON array of alerts to Alertmanager; the seam tests replace with a fake. */
interface AlertmanagerClient extends AutoCloseable {
    /** The HTTP status of {@code POST /api/v2/alerts}; an IOException when there is no answer. */
    int post(byte[] jsonArray) throws IOException, InterruptedException;

    @Override
    default void close() {}

    /** What a push's status means for the alerts in it. */
    enum Outcome {
        DELIVERED,
        /** 429, 5xx, no answer: Alertmanager may take them later. */
        RETRY,
        /** Other 4xx: Alertmanager refuses them; sending again will not help. */
        REJECTED;

        static Outcome of(int status) {
            if (status >= 200 && status < 300) return DELIVERED;
            if (status == 429 || status >= 500) return RETRY;
            return REJECTED;
        }
    }
}
