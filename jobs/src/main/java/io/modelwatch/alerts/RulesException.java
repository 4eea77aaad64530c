package io.modelwatch.alerts;

import io.modelwatch.io.FixableException;

/** An alert rules file cannot be used: unreadable, not valid YAML, or holding an invalid rule. */
public final class RulesException extends FixableException {
    private static final long serialVersionUID = 1L;

    public RulesException(String message) {
        super(message);
    }

    public RulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
