package io.modelwatch.sensors;

/**
 * A sensors thresholds file cannot be used: unreadable, not YAML, or naming unknown metrics. The message is one line that says what to fix; the CLI turns it into exit status 2.
 */
public final class SensorsSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SensorsSetupException(String message) {
        super(message);
    }

    public SensorsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
