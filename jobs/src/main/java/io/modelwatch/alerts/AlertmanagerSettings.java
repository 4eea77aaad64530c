package io.modelwatch.alerts;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how alerts are pushed to Alertmanager: its base URL ({@code POST URL/api/v2/alerts}), how
 * often a firing alert is re-sent (Prometheus's {@code resend-delay}, default 1m), and the sender's pace.
 */
public final class AlertmanagerSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_RESEND = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_BATCH = 64;
    /** Alerts waiting to be delivered beyond this many are dropped (counted): a bound while Alertmanager is down. */
    public static final int DEFAULT_MAX_PENDING = 10_000;

    private final URI url;
    private final Duration resend;
    private final Duration tick;
    private final Duration requestTimeout;
    private final Duration maxBackoff;
    /** Names the run whose alerts these are, so the command can ask what was left undelivered (AlertmanagerDelivery). */
    private final String run;

    private AlertmanagerSettings(URI url, Duration resend, Duration tick, Duration requestTimeout, Duration maxBackoff,
            String run) {
        this.url = Objects.requireNonNull(url, "url");
        this.run = run;
        this.resend = positive(resend, "resend");
        this.tick = positive(tick, "tick");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.maxBackoff = positive(maxBackoff, "maxBackoff");
    }

    public static AlertmanagerSettings of(URI url) {
        return new AlertmanagerSettings(url, DEFAULT_RESEND, DEFAULT_TICK, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_BACKOFF,
                java.util.UUID.randomUUID().toString());
    }

    public AlertmanagerSettings withResend(Duration resend) {
        return new AlertmanagerSettings(url, resend, tick, requestTimeout, maxBackoff, run);
    }

    /** How often the sender looks for work; also the first retry delay after a failed push. */
    public AlertmanagerSettings withTick(Duration tick) {
        return new AlertmanagerSettings(url, resend, tick, requestTimeout, maxBackoff, run);
    }

    public AlertmanagerSettings withRequestTimeout(Duration timeout) {
        return new AlertmanagerSettings(url, resend, tick, timeout, maxBackoff, run);
    }

    public AlertmanagerSettings withMaxBackoff(Duration maxBackoff) {
        return new AlertmanagerSettings(url, resend, tick, requestTimeout, maxBackoff, run);
    }

    public URI url() { return url; }
    public Duration resend() { return resend; }
    public Duration tick() { return tick; }
    public Duration requestTimeout() { return requestTimeout; }
    public Duration maxBackoff() { return maxBackoff; }
    public String run() { return run; }

    /** The push endpoint: {@code URL/api/v2/alerts}. */
    public URI alertsEndpoint() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be > 0: " + d);
        return d;
    }

    @Override
    public String toString() {
        return url + " (resend " + PrometheusDuration.format(resend.toMillis()) + ")";
    }
}
