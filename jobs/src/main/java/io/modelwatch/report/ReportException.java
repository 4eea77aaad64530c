package io.modelwatch.report;

/**
 * The report cannot be made from what it was given: an unreadable or malformed line protocol file, an InfluxDB
 * that refuses the query, nothing to report. The message is one line that says what to fix; the CLI turns it
 * into exit status 2.
 */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
