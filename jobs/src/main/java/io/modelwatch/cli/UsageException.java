package io.modelwatch.cli;

/** A problem the user can fix by changing the command line or its inputs: one line, exit status 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
