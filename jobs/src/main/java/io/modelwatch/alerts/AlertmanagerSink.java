package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Collection;
import java.util.List;

/**
 * Pushes {@code alerts} points to Alertmanager's v2 API ({@link AlertmanagerSinkWriter} says how). Run it
 * with parallelism 1: re-sending needs one writer to know every firing alert.
 */
final class AlertmanagerSink implements Sink<Point>, SupportsWriterState<Point, AlertmanagerAlert> {
    private static final long serialVersionUID = 1L;

    private final AlertmanagerSettings settings;
    private final AlertRules rules;

    public AlertmanagerSink(AlertmanagerSettings settings, AlertRules rules) {
        this.settings = settings;
        this.rules = rules;
    }

    @Override
    public StatefulSinkWriter<Point, AlertmanagerAlert> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<Point, AlertmanagerAlert> restoreWriter(WriterInitContext context,
            Collection<AlertmanagerAlert> recovered) {
        return new AlertmanagerSinkWriter(settings, rules, new HttpAlertmanagerClient(settings),
                System::currentTimeMillis, context.metricGroup(), recovered, true);
    }

    @Override
    public SimpleVersionedSerializer<AlertmanagerAlert> getWriterStateSerializer() {
        return new AlertmanagerAlertSerializer();
    }
}
