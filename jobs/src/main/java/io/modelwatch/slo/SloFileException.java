package io.modelwatch.slo;

/**
 * An SLO file cannot be used: unreadable, not valid YAML, or holding no valid SLO. The message is one line that says what to fix; the CLI turns it into exit status 2.
 */
public final class SloFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SloFileException(String message) {
        super(message);
    }

    public SloFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
