package io.modelwatch.io;

/** An input a job was pointed at cannot be used: no such file, an unreadable folder, a malformed duration. */
public final class InputException extends FixableException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }
}
