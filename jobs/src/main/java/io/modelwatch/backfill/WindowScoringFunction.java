package io.modelwatch.backfill;

import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.WindowDriftScorer;
import io.modelwatch.influx.Point;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the features of one model's window (keyed by model and window) and, when the window is complete
 * (event time passes its end; in BATCH mode, when the key's input ends), scores them together: BH q-values,
 * drift levels, the {@code feature_drift} and {@code model_drift} points. State is cleared after.
 */
public final class WindowScoringFunction extends KeyedProcessFunction<String, FeatureDrift, Point> {
    private static final long serialVersionUID = 1L;

    private final DriftSettings settings;
    private final String windowTag;
    private transient ListState<FeatureDrift> features;

    public WindowScoringFunction(DriftSettings settings, String windowTag) {
        this.settings = settings;
        this.windowTag = windowTag;
    }

    @Override
    public void open(OpenContext context) {
        features = getRuntimeContext().getListState(new ListStateDescriptor<>("features", FeatureDrift.class));
    }

    @Override
    public void processElement(FeatureDrift f, Context ctx, Collector<Point> out) throws Exception {
        features.add(f);
        ctx.timerService().registerEventTimeTimer(f.windowEnd - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Point> out) throws Exception {
        List<FeatureDrift> all = new ArrayList<>();
        for (FeatureDrift f : features.get()) all.add(f);
        features.clear();
        for (Point p : WindowDriftScorer.score(all, settings, windowTag)) out.collect(p);
    }

    /** The key of a model's window: model and window start. */
    public static String key(String model, long windowStart) {
        return model + '\u0000' + windowStart;
    }
}
