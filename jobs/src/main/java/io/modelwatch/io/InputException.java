package io.modelwatch.io;

/**
 * An input a job was pointed at cannot be used: no such file, an unreadable folder, a malformed duration. The message is one line that says what to fix; the CLI turns it into exit status 2.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
