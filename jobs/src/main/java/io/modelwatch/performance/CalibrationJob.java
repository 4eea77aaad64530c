package io.modelwatch.performance;

import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.io.RawLine;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code reference --labels}: joins the reference range's predictions to their labels with the same
 * {@link LabelJoinFunction} as the backfill, learns each binary model's {@link CalibrationMap} (section 3e)
 * and adds it to the model's snapshot. A second small BATCH job after the snapshot job, so the snapshot job
 * itself is unchanged.
 */
public final class CalibrationJob {
    private static final TypeInformation<CalibrationCounts> COUNTS = TypeInformation.of(CalibrationCounts.class);
    private static final long JOIN_WINDOW = 3_600_000L;

    private CalibrationJob() {}

    /** The calibration maps of the binary models among {@code c.predictions()} in [from, to); {@code listener} may be null. */
    public static Map<String, CalibrationMap> learn(CalibrationConfig c, JobListener listener) throws Exception {
        StreamExecutionEnvironment env = BackfillJob.environment(c.parallelism());
        if (listener != null) env.registerJobListener(listener);
        return maps(build(BackfillJob.fileSource(env, c.predictions()), BackfillJob.labelSource(env, c.labels().files), c));
    }

    /** Wires the job onto prediction and label lines: one {@link CalibrationCounts} per model. */
    public static DataStream<CalibrationCounts> build(DataStream<RawLine> predictionLines, DataStream<RawLine> labelLines,
                                                      CalibrationConfig c) {
        long fromMillis = c.fromMillis(), toMillis = c.toMillis(), delay = c.labels().labelDelayMs;
        DataStream<JoinPrediction> preds = predictionLines
                .transform("parse-predictions", JoinPrediction.TYPE, new PredictionKeysOperator(fromMillis, toMillis))
                .uid("parse-predictions");
        long labelsTo = toMillis > Long.MAX_VALUE - delay ? Long.MAX_VALUE : toMillis + delay;
        DataStream<JoinLabel> labels = labelLines
                .transform("parse-labels", JoinLabel.TYPE, new LabelParseOperator(fromMillis, labelsTo))
                .uid("parse-labels");
        PerformanceSettings settings = c.labels().performance;
        return preds.connect(labels)
                .keyBy(JoinPrediction::key, JoinLabel::key)
                .process(new LabelJoinFunction(JOIN_WINDOW, JOIN_WINDOW, delay, Long.MAX_VALUE, 0), PerformanceEvent.TYPE)
                .name("label-join").uid("label-join")
                .filter(e -> e.kind == JoinRules.JOINED).name("joined").uid("joined")
                .map(e -> CalibrationCounts.of(e, settings.task(e.model))).returns(COUNTS).name("bin").uid("bin")
                .keyBy(x -> x.model)
                .reduce(CalibrationCounts::merge).name("calibration").uid("calibration");
    }

    /** Runs the job that ends in {@code counts}; the maps of the binary models with labelled predictions. */
    public static Map<String, CalibrationMap> maps(DataStream<CalibrationCounts> counts) throws Exception {
        Map<String, CalibrationMap> out = new TreeMap<>();
        try (CloseableIterator<CalibrationCounts> it = counts.executeAndCollect("modelwatch reference --labels")) {
            while (it.hasNext()) {
                CalibrationCounts x = it.next();
                if (x.binary && x.map().total() > 0) out.put(x.model, x.map());
            }
        }
        return out;
    }

    /** Adds the maps to the snapshots in {@code dir}; returns one line per snapshot changed. */
    public static List<String> addTo(Path dir, Map<String, CalibrationMap> maps) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<String, Snapshot> snapshots = SnapshotFiles.readAll(dir, true);
        for (Map.Entry<String, CalibrationMap> e : maps.entrySet()) {
            Snapshot s = snapshots.get(e.getKey());
            if (s == null) continue;
            Path file = SnapshotFiles.write(dir, s.withCalibration(e.getValue()));
            lines.add(String.format("%s: calibration map from %d labelled predictions -> %s", e.getKey(),
                    e.getValue().total(), file));
        }
        return lines;
    }
}
