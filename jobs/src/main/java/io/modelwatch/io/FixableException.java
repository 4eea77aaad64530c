package io.modelwatch.io;

/**
 * A problem the user can fix (a wrong option, an unreadable or malformed file, a server that is not set up as
 * given); its message is one line that says what to fix. Each package throws its own subclass, so none depends on
 * the CLI; the CLI turns any of them into that one line and exit status 2.
 */
public abstract class FixableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected FixableException(String message) {
        super(message);
    }

    protected FixableException(String message, Throwable cause) {
        super(message, cause);
    }
}
