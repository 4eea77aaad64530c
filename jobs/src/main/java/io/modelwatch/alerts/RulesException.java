package io.modelwatch.alerts;

/**
 * An alert rules file cannot be used: unreadable, not valid YAML, or holding an invalid rule. The message is one line that says what to fix; the CLI turns it into exit status 2.
 */
public final class RulesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RulesException(String message) {
        super(message);
    }

    public RulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
