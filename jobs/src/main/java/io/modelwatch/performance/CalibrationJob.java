package io.modelwatch.performance;

import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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

    /** The calibration maps of the binary models among the predictions in [from, to). */
    public static Map<String, CalibrationMap> learn(List<Path> predictions, LabelConfig c, long fromMillis,
                                                   long toMillis, int parallelism) throws Exception {
        StreamExecutionEnvironment env = BackfillJob.environment(parallelism);
        DataStream<JoinPrediction> preds = BackfillJob.fileSource(env, predictions)
                .transform("parse-predictions", JoinPrediction.TYPE, new PredictionKeysOperator(fromMillis, toMillis))
                .uid("parse-predictions");
        long labelsTo = toMillis > Long.MAX_VALUE - c.labelDelayMs ? Long.MAX_VALUE : toMillis + c.labelDelayMs;
        DataStream<JoinLabel> labels = BackfillJob.labelSource(env, c.files)
                .transform("parse-labels", JoinLabel.TYPE, new LabelParseOperator(fromMillis, labelsTo))
                .uid("parse-labels");
        PerformanceSettings settings = c.performance;
        DataStream<CalibrationCounts> counts = preds.connect(labels)
                .keyBy(JoinPrediction::key, JoinLabel::key)
                .process(new LabelJoinFunction(JOIN_WINDOW, JOIN_WINDOW, c.labelDelayMs, Long.MAX_VALUE, 0), PerformanceEvent.TYPE)
                .name("label-join").uid("label-join")
                .filter(e -> e.kind == JoinRules.JOINED).name("joined").uid("joined")
                .map(e -> CalibrationCounts.of(e, settings.task(e.model))).returns(COUNTS).name("bin").uid("bin")
                .keyBy(x -> x.model)
                .reduce(CalibrationCounts::merge).name("calibration").uid("calibration");
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
