package io.modelwatch.report;

import io.modelwatch.io.FixableException;

/** The report cannot be made from what it was given: an unreadable or malformed line protocol file, an InfluxDB
 * that refuses the query, nothing to report. */
public final class ReportException extends FixableException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
