package io.modelwatch.sensors;

import io.modelwatch.io.FixableException;

/** A sensors thresholds file cannot be used: unreadable, not YAML, or naming unknown metrics. */
public final class SensorsSetupException extends FixableException {
    private static final long serialVersionUID = 1L;

    public SensorsSetupException(String message) {
        super(message);
    }
}
