package io.modelwatch.influx;

import io.modelwatch.io.FixableException;

/** InfluxDB cannot be used as configured: a malformed {@code --sink}, a bad credentials file, an unreachable
 * server, a missing database or retention policy. Thrown before a job starts; a sink that fails while running
 * throws {@link InfluxSinkException}. */
public final class InfluxSetupException extends FixableException {
    private static final long serialVersionUID = 1L;

    public InfluxSetupException(String message) {
        super(message);
    }
}
