package io.modelwatch.alerts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a bounded run could not deliver to Alertmanager by the end of its input, for the command that started
 * it: the writer records it under the run of its {@link AlertmanagerSettings}, the command takes it after the
 * job. Both live in one JVM when the job runs on the embedded MiniCluster (the default). Submitted to a
 * cluster, the writer runs in a TaskManager and nothing reaches here: there the TaskManager log and the
 * {@code alertmanagerAlertsPending} metric say it.
 */
public final class AlertmanagerDelivery {
    private static final Map<String, Integer> UNDELIVERED = new ConcurrentHashMap<>();

    private AlertmanagerDelivery() {}

    static void undelivered(AlertmanagerSettings settings, int alerts) {
        if (alerts > 0) UNDELIVERED.merge(settings.run(), alerts, Integer::sum);
    }

    /** The alerts of the run that were still owed to Alertmanager when its input ended (0 when all arrived); forgets them. */
    public static int takeUndelivered(AlertmanagerSettings settings) {
        Integer n = UNDELIVERED.remove(settings.run());
        return n == null ? 0 : n;
    }
}
