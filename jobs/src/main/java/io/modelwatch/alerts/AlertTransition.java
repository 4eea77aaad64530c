package io.modelwatch.alerts;

/**
 * A change of an alert instance that the outside hears about: it started firing, or it resolved.
 *
 * @param timeMillis the time of the point that caused it (for an absence that fires: the moment the series
 *     became overdue)
 * @param value the watched value at that point (absence: 1 when firing, 0 when resolved, as PromQL's absent())
 * @param firingSinceMillis when the alert started firing (equal to timeMillis for a firing transition)
 */
record AlertTransition(Kind kind, long timeMillis, double value, long firingSinceMillis) {
    public enum Kind {
        FIRING("firing"),
        RESOLVED("resolved");

        private final String state;

        Kind(String state) {
            this.state = state;
        }

        /** The {@code state} field of the alerts point. */
        public String state() {
            return state;
        }
    }

    static AlertTransition firing(long timeMillis, double value) {
        return new AlertTransition(Kind.FIRING, timeMillis, value, timeMillis);
    }

    static AlertTransition resolved(long timeMillis, double value, long firingSinceMillis) {
        return new AlertTransition(Kind.RESOLVED, timeMillis, value, firingSinceMillis);
    }
}
