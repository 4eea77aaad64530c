package io.modelwatch.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.influx.Point;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pushes {@code alerts} points to Alertmanager without ever holding up the job: {@link #write} only
 * records what is owed, under a lock, and a sender thread posts it.
 *
 * <p>What is owed: the outbox (each alert's latest state not yet delivered: new firing alerts and
 * resolutions) and, every {@code resend}, every firing alert again (Alertmanager forgets an alert whose
 * endsAt passes; a firing alert is sent with endsAt = now + 4 x resend, as Prometheus does). A push that
 * gets no answer, 429 or 5xx is retried with a backoff doubling from the tick up to the maximum; a 4xx is
 * Alertmanager refusing the alerts, which are dropped. Each failure is counted and logged; the outbox holds
 * one entry per alert (the newest replaces an older one) and is bounded, so a long outage costs memory
 * proportional to the number of alerts, not to time. Checkpoints keep what is owed.
 */
final class AlertmanagerSinkWriter implements StatefulSinkWriter<Point, AlertmanagerAlert> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSinkWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertmanagerSettings settings;
    private final AlertRules rules;
    private final AlertmanagerClient client;
    private final LongSupplier clock;
    private final ScheduledExecutorService sender;

    private final Object lock = new Object();
    private final Map<String, AlertmanagerAlert> firing = new LinkedHashMap<>();
    private final Map<String, AlertmanagerAlert> outbox = new LinkedHashMap<>();
    private long nextResendAt;
    private long retryAt;
    private long backoffMillis;
    private boolean failing;

    private final Counter alertsSent;
    private final Counter pushFailures;
    private final Counter alertsRejected;
    private final Counter alertsDropped;

    /** A writer with a sender thread (when {@code startSender}) that pushes every tick. */
    AlertmanagerSinkWriter(AlertmanagerSettings settings, AlertRules rules, AlertmanagerClient client,
            LongSupplier clock, MetricGroup metrics, Collection<AlertmanagerAlert> restored, boolean startSender) {
        this.settings = settings;
        this.rules = rules;
        this.client = client;
        this.clock = clock;
        this.alertsSent = metrics.counter("alertmanagerAlertsSent");
        this.pushFailures = metrics.counter("alertmanagerPushFailures");
        this.alertsRejected = metrics.counter("alertmanagerAlertsRejected");
        this.alertsDropped = metrics.counter("alertmanagerAlertsDropped");
        metrics.gauge("alertmanagerAlertsPending", this::pending);
        for (AlertmanagerAlert alert : restored) {
            if (!alert.isResolved()) firing.put(alert.fingerprint(), alert);
            outbox.put(alert.fingerprint(), alert);
        }
        this.nextResendAt = clock.getAsLong() + settings.resend().toMillis();
        if (startSender) {
            sender = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "alertmanager-sender");
                t.setDaemon(true);
                return t;
            });
            long tick = settings.tick().toMillis();
            sender.scheduleWithFixedDelay(this::sendDueSafely, tick, tick, TimeUnit.MILLISECONDS);
        } else {
            sender = null;
        }
    }

    @Override
    public void write(Point point, Context context) {
        if (!AlertPoints.MEASUREMENT.equals(point.measurement)) return;
        AlertRule rule = rules.get(point.tag("rule"));
        Map<String, String> ruleLabels = rule == null ? Map.of() : rule.extraLabels();
        AlertmanagerAlert alert = AlertmanagerAlert.fromPoint(point, ruleLabels, AlertmanagerAlert.UNKNOWN);
        String key = alert.fingerprint();
        synchronized (lock) {
            if (alert.isResolved()) {
                AlertmanagerAlert wasFiring = firing.remove(key);
                if (wasFiring != null) {
                    alert = AlertmanagerAlert.fromPoint(point, ruleLabels, wasFiring.startsAtMillis());
                }
            } else {
                firing.put(key, alert);
            }
            outbox.remove(key);
            outbox.put(key, alert);
            while (outbox.size() > AlertmanagerSettings.DEFAULT_MAX_PENDING) {
                String oldest = outbox.keySet().iterator().next();
                outbox.remove(oldest);
                alertsDropped.inc();
            }
        }
    }

    /** One round of the sender: push the outbox, and the firing alerts when a re-send is due. */
    void sendDue() throws InterruptedException {
        long now = clock.getAsLong();
        List<AlertmanagerAlert> due;
        boolean resendRound;
        synchronized (lock) {
            if (now < retryAt) return;
            Map<String, AlertmanagerAlert> owed = new LinkedHashMap<>(outbox);
            resendRound = now >= nextResendAt;
            if (resendRound) firing.forEach(owed::putIfAbsent);
            due = new ArrayList<>(owed.values());
        }
        boolean delivered = true;
        long validUntil = now + 4 * settings.resend().toMillis();
        for (int from = 0; from < due.size() && delivered; from += AlertmanagerSettings.DEFAULT_MAX_BATCH) {
            List<AlertmanagerAlert> batch = due.subList(from, Math.min(due.size(), from + AlertmanagerSettings.DEFAULT_MAX_BATCH));
            delivered = push(batch, validUntil);
        }
        synchronized (lock) {
            if (delivered) {
                backoffMillis = 0;
                retryAt = 0;
                if (resendRound) nextResendAt = now + settings.resend().toMillis();
            } else {
                backoffMillis = backoffMillis == 0 ? settings.tick().toMillis()
                        : Math.min(backoffMillis * 2, settings.maxBackoff().toMillis());
                retryAt = now + backoffMillis;
            }
        }
    }

    /** Posts one batch; false when it should be tried again later. */
    private boolean push(List<AlertmanagerAlert> batch, long validUntil) throws InterruptedException {
        List<Map<String, Object>> json = new ArrayList<>(batch.size());
        for (AlertmanagerAlert alert : batch) json.add(alert.toJson(validUntil));
        AlertmanagerClient.Outcome outcome;
        String why;
        try {
            int status = client.post(JSON.writeValueAsBytes(json));
            outcome = AlertmanagerClient.Outcome.of(status);
            why = "HTTP " + status;
        } catch (IOException e) {
            outcome = AlertmanagerClient.Outcome.RETRY;
            why = e.toString();
        }
        switch (outcome) {
            case DELIVERED:
                alertsSent.inc(batch.size());
                if (failing) LOG.info("Alertmanager {} reachable again; pushed {} alerts", settings.url(), batch.size());
                failing = false;
                forget(batch, false);
                return true;
            case REJECTED:
                alertsRejected.inc(batch.size());
                LOG.warn("Alertmanager {} refused {} alerts ({}); they are dropped: {}", settings.url(), batch.size(),
                        why, batch);
                forget(batch, true);
                return true;
            default:
                pushFailures.inc();
                if (!failing) {
                    LOG.warn("push to Alertmanager {} failed ({}); {} alerts kept and retried with backoff",
                            settings.url(), why, batch.size());
                } else {
                    LOG.debug("push to Alertmanager {} failed again ({})", settings.url(), why);
                }
                failing = true;
                return false;
        }
    }

    /** Removes delivered (or refused) alerts from what is owed, unless a newer state replaced them meanwhile. */
    private void forget(List<AlertmanagerAlert> batch, boolean alsoFiring) {
        synchronized (lock) {
            for (AlertmanagerAlert alert : batch) {
                outbox.remove(alert.fingerprint(), alert);
                if (alsoFiring) firing.remove(alert.fingerprint(), alert);
            }
        }
    }

    private void sendDueSafely() {
        try {
            sendDue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            pushFailures.inc();
            LOG.warn("Alertmanager sender failed; it carries on", e);
        }
    }

    int pending() {
        synchronized (lock) {
            return outbox.size();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (!endOfInput || sender == null) return;
        // end of a bounded input: give the sender a bounded moment to deliver what is owed
        long deadline = System.nanoTime() + 2 * settings.requestTimeout().toNanos();
        while (pending() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        int owed = pending();
        if (owed > 0) {
            LOG.warn("{} alerts not delivered to Alertmanager {} at the end of input", owed, settings.url());
            AlertmanagerDelivery.undelivered(settings, owed); // the command says it and exits non-zero
        }
    }

    @Override
    public List<AlertmanagerAlert> snapshotState(long checkpointId) {
        synchronized (lock) {
            Map<String, AlertmanagerAlert> owed = new LinkedHashMap<>(firing);
            owed.putAll(outbox);
            return new ArrayList<>(owed.values());
        }
    }

    @Override
    public void close() throws Exception {
        if (sender != null) {
            sender.shutdownNow();
            sender.awaitTermination(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        client.close();
    }
}
