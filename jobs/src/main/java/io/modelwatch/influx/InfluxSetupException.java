package io.modelwatch.influx;

/**
 * InfluxDB cannot be used as configured: a malformed {@code --sink}, bad credentials file, an unreachable server, a missing database or retention policy. Thrown before a job starts; a sink that fails while running throws {@link InfluxSinkException}. The message is one line that says what to fix; the CLI turns it into exit status 2.
 */
public final class InfluxSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InfluxSetupException(String message) {
        super(message);
    }

    public InfluxSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
