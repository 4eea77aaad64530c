package io.modelwatch.slo;

import io.modelwatch.io.FixableException;

/** An SLO file cannot be used: unreadable, not valid YAML, or holding no valid SLO. */
public final class SloFileException extends FixableException {
    private static final long serialVersionUID = 1L;

    public SloFileException(String message) {
        super(message);
    }

    public SloFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
