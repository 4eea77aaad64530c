package io.modelwatch.slo;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The SLO part of a job (contract 3f), behind a parsing operator that has a {@link SloTap}:
 *
 * <pre>{@code
 * DataStream<Point> sloPoints = Slos.evaluate(parsed.getSideOutput(SloTap.OUTPUT), settings);
 * }</pre>
 *
 * <p>The per-minute counts are keyed by model and SLO; each key's ring lives in keyed state. The result holds
 * the {@code slo} points and the burn alerts' {@code alerts} points; the CLI's alert options push every
 * {@code alerts} point of a job to Alertmanager, these included.
 */
public final class Slos {
    /** Stable operator id (savepoints survive upgrades as long as it stays). */
    public static final String UID = "slo-burn-rates";

    private Slos() {}

    public static DataStream<Point> evaluate(DataStream<SloMinute> minutes, SloSettings settings) {
        return minutes
                .keyBy(SloMinute::key)
                .process(new SloBurnFunction(settings), TypeInformation.of(Point.class))
                .name("slo-burn-rates")
                .uid(UID);
    }
}
