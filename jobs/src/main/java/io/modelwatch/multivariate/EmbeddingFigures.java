package io.modelwatch.multivariate;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.preaggregate.PreAggregator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hot path of embedding drift (contract 3d), one more {@link PreAggregator.Figures} of the shared
 * pre-aggregation: each record's arrays of numbers under the snapshot's embedding features are added to the
 * window's sum vectors straight from the parser's buffer (no boxing, no copy); a feature absent or null is
 * missing, another value or length invalid. A model whose snapshot has no embedding gets no figures.
 */
public final class EmbeddingFigures implements PreAggregator.Figures {
    private static final PreAggregator.Figures NONE = r -> {};

    private final Map<String, Integer> index;
    private final EmbeddingWindow[] windows;
    private final int[] at;

    private EmbeddingFigures(String model, long start, long end, List<EmbeddingReference> refs, Map<String, Integer> index,
                             long version) {
        this.index = index;
        this.windows = new EmbeddingWindow[refs.size()];
        this.at = new int[refs.size()];
        for (int i = 0; i < windows.length; i++) windows[i] = new EmbeddingWindow(model, start, end, refs.get(i)).withVersion(version);
    }

    @Override
    public void update(PredictionRecord r) {
        java.util.Arrays.fill(at, -1);
        for (int k = 0; k < r.featureCount; k++) {
            Integer i = index.get(r.featureNames[k]);
            if (i != null && r.featureKinds[k] != PredictionRecord.NULL) at[i] = k;
        }
        for (int i = 0; i < windows.length; i++) {
            int k = at[i];
            if (k < 0) windows[i].update(null, 0, -1, false);
            else windows[i].update(r.arrayValues, r.featureArrayOffset[k], r.featureArrayLength[k], true);
        }
    }

    /** The window's embedding states (empty where these are not embedding figures). */
    public static List<EmbeddingWindow> windowsOf(PreAggregator.Figures f) {
        return f instanceof EmbeddingFigures e ? List.of(e.windows) : List.of();
    }

    public static PreAggregator.FiguresFactory factory() {
        return new Factory();
    }

    private static final class Factory implements PreAggregator.FiguresFactory {
        private static final long serialVersionUID = 1L;
        private transient Map<MultivariateSnapshot, Map<String, Integer>> indexes;

        @Override
        public PreAggregator.Figures open(String model, long start, long end, PreAggregator.Reference ref) {
            if (ref == null || ref.snapshot().multivariate() == null) return NONE;
            MultivariateSnapshot mv = ref.snapshot().multivariate();
            if (mv.embeddings().isEmpty()) return NONE;
            if (indexes == null) indexes = new java.util.WeakHashMap<>();
            Map<String, Integer> index = indexes.computeIfAbsent(mv, x -> {
                Map<String, Integer> i = new HashMap<>();
                int j = 0;
                for (String name : x.embeddings().keySet()) i.put(name.intern(), j++);
                return i;
            });
            return new EmbeddingFigures(model, start, end, new ArrayList<>(mv.embeddings().values()), index,
                    ref.version());
        }
    }

    /** The {@code feature_drift} points of kind {@code embedding} of the stream's sliding windows, from panes. */
    public static org.apache.flink.streaming.api.datastream.DataStream<Point> stream(
            org.apache.flink.streaming.api.datastream.DataStream<EmbeddingWindow> panes, long window, long slide,
            long lateness, String windowTag) {
        return panes
                .keyBy(EmbeddingWindow::featureKey)
                .process(new PaneWindows(window, slide, lateness), EmbeddingWindowSerializer.TYPE)
                .name("embedding-pane-windows").uid("embedding-pane-windows")
                .map(w -> toPoint(w, windowTag)).returns(org.apache.flink.api.common.typeinfo.TypeInformation.of(Point.class))
                .name("embedding-drift").uid("embedding-drift");
    }

    /** The stream's sliding windows of one model's embedding feature; a window is made of panes of one version. */
    static final class PaneWindows extends io.modelwatch.stream.PaneWindows<EmbeddingWindow> {
        private static final long serialVersionUID = 1L;

        PaneWindows(long window, long slide, long lateness) {
            super(window, slide, lateness, EmbeddingWindowSerializer.TYPE);
        }

        @Override
        protected long paneStart(EmbeddingWindow w) {
            return w.windowStart();
        }

        @Override
        protected long version(EmbeddingWindow w) {
            return w.version();
        }

        @Override
        protected EmbeddingWindow merge(EmbeddingWindow a, EmbeddingWindow b) {
            return a.merge(b);
        }

        @Override
        protected void setWindow(EmbeddingWindow w, long start, long end) {
            w.relabel(start, end);
        }
    }

    /** The window's {@code feature_drift} point of kind {@code embedding} (contract sections 3d and 4). */
    public static Point toPoint(EmbeddingWindow w, String windowTag) {
        Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("feature_drift"), w.model())
                .tag("feature", w.feature())
                .tag("window", windowTag)
                .tag("kind", "embedding")
                .intField("count", w.count())
                .intField("missing", w.missing())
                .intField("invalid", w.invalid())
                .intField("dim", w.dim());
        double d = w.centroidDistance(), c = w.centroidCosine();
        if (Double.isFinite(d)) b.field("centroid_distance", d);
        if (Double.isFinite(c)) b.field("centroid_cosine", c);
        // calibrated (contract 2b as 3d asks): above a threshold of the reference's own chunks
        String by = Double.isFinite(d) && Double.isFinite(c) ? w.alertBy() : null;
        if (by != null) b.field("drift_alert", !by.isEmpty()).field("drift_alert_by", by); // as the numeric features'

        return b.timeMillis(w.windowEnd()).build();
    }
}
