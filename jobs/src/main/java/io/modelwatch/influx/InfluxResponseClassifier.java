package io.modelwatch.influx;

import java.io.IOException;
import java.util.Locale;

/**
 * What an answer of InfluxDB 1.x's {@code /write} means for the sink: one pure function, tested as a table.
 *
 * <ul>
 *   <li>2xx: {@link Outcome#SUCCESS}.
 *   <li>429, 408, 5xx and connection errors: {@link Outcome#RETRYABLE} (exponential backoff with jitter,
 *       bounded by a total time), except a 500 {@code retention policy not found}, which no retry mends.
 *   <li>400: {@link Outcome#PARTIAL_WRITE}: some or all lines were rejected ({@code partial write: ...},
 *       {@code unable to parse ...}, a {@code field type conflict}). Not retried; the lines InfluxDB refused
 *       go to the dead-letter file.
 *   <li>401/403 (credentials), 404 (database not found), 413 (body too large) and any other 4xx:
 *       {@link Outcome#FATAL}, with a one-line message from {@link #fatalMessage}.
 * </ul>
 */
final class InfluxResponseClassifier {

    enum Outcome { SUCCESS, RETRYABLE, PARTIAL_WRITE, FATAL }

    private InfluxResponseClassifier() {}

    static Outcome classify(int status, String body) {
        if (status >= 200 && status < 300) return Outcome.SUCCESS;
        if (status == 400) return Outcome.PARTIAL_WRITE;
        if (status == 500 && lower(body).contains("retention policy not found")) return Outcome.FATAL;
        if (status == 429 || status == 408 || status >= 500) return Outcome.RETRYABLE;
        return Outcome.FATAL;
    }

    /** A request that got no answer at all (refused, reset, timed out): worth retrying. */
    static Outcome classify(Throwable error) {
        return error instanceof IOException ? Outcome.RETRYABLE : Outcome.FATAL;
    }

    /** One line naming what to fix, for a {@link Outcome#FATAL} answer. */
    static String fatalMessage(int status, String body, String url, String database, InfluxCredentials credentials) {
        String said = errorText(body);
        switch (status) {
            case 401:
            case 403:
                return "InfluxDB at " + url + " refused " + credentials.describe() + " (" + status + " " + said
                        + "): set " + InfluxCredentials.USER + "/" + InfluxCredentials.PASSWORD + " or "
                        + InfluxCredentials.TOKEN + " (or " + InfluxCredentials.FILE + ") to credentials that may "
                        + "write to database '" + database + "'";
            case 404:
                return "InfluxDB at " + url + " has no database '" + database + "' (" + said
                        + "): create it or pass --influx-create-db";
            case 413:
                return "InfluxDB at " + url + " refused a request as too large (413): lower the sink's max batch "
                        + "bytes or raise max-body-size in influxdb.conf";
            default:
                if (lower(said).contains("retention policy not found")) {
                    return "InfluxDB at " + url + ": " + said + " on database '" + database
                            + "': fix --influx-retention-policy or create it (CREATE RETENTION POLICY ...)";
                }
                return "InfluxDB at " + url + " answered " + status + " " + said;
        }
    }

    /** InfluxDB answers {@code {"error":"..."}}; this returns the text inside, on one line. */
    static String errorText(String body) {
        if (body == null || body.isBlank()) return "(no message)";
        String s = body.strip();
        int i = s.indexOf("\"error\":\"");
        if (i >= 0) {
            StringBuilder sb = new StringBuilder();
            for (int j = i + 9; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '\\' && j + 1 < s.length()) {
                    char n = s.charAt(++j);
                    sb.append(n == 'n' ? ' ' : n == 't' ? ' ' : n);
                } else if (c == '"') {
                    break;
                } else {
                    sb.append(c);
                }
            }
            s = sb.toString();
        }
        s = s.replace('\n', ' ').replace('\r', ' ');
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    /** An exception as one line for messages: its type and message. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        return s.replace('\n', ' ');
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
