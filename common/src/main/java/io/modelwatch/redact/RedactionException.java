package io.modelwatch.redact;

/** Redaction cannot be done as asked (no key for a hash rule, a bad rules file): one line that says what to fix. */
public class RedactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedactionException(String message) {
        super(message);
    }
}
