package io.modelwatch.quality;

import io.modelwatch.io.PredictionRecord;
import io.modelwatch.preaggregate.PreAggregator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The input checks' hook into the shared pre-aggregation (one per operator, both jobs): a
 * {@link PreAggregator.FiguresFactory} whose figures check each good record of a window against the window's
 * snapshot, right after the drift figures read the same parsed record. When the window leaves, its per-feature
 * out-of-range counts go into its drift partial (so they reach {@code feature_drift} with it, through the same
 * shuffle and pane merging) and its {@link QualityCounts} to {@code out}. Models without a snapshot are not
 * checked. A record with problems also goes to the {@link AnomalyListener}, when one is set.
 */
public final class QualityTap {
    public static final OutputTag<QualityCounts> OUTPUT =
            new OutputTag<>("input-quality", TypeInformation.of(QualityCounts.class));
    /** With --anomalies: the first anomalous records of each window, as the operator saw them. */
    public static final OutputTag<AnomalyRecord> ANOMALIES =
            new OutputTag<>("input-anomalies", TypeInformation.of(AnomalyRecord.class));

    /**
     * The tap of a pre-aggregation operator, opened on its task: {@code reader} is the operator's record reader
     * (where the record being folded came from), the counts and kept anomalies go to the two consumers.
     */
    public static QualityTap open(QualityConfig config, java.util.function.Supplier<io.modelwatch.io.RecordReader> reader,
                                  Consumer<QualityCounts> counts, Consumer<AnomalyRecord> anomalies) {
        QualityConfig c = config == null ? QualityConfig.defaults() : config;
        QualityTap tap = new QualityTap(c.settings(), counts);
        if (c.writesAnomalies()) {
            io.modelwatch.redact.Redactor redactor = c.redaction() == null ? null
                    : io.modelwatch.redact.Redactor.fromEnvironment(c.redaction());
            tap.withAnomalies(c.anomalyLimit(), new AnomalyBuilder(redactor, reader), anomalies);
        }
        return tap;
    }

    /**
     * Where an anomalous record came from (for the order "first in event time") and how it is stored; asked only
     * while the record is being folded.
     */
    public interface AnomalySource {
        String source();

        long position();

        AnomalyRecord build(PredictionRecord r, InputChecker problems, String model, long windowStart);
    }

    private static final PreAggregator.Figures NONE = r -> {};

    private final QualitySettings settings;
    private final Consumer<QualityCounts> out;
    private AnomalySource anomalies;
    private int anomalyLimit;
    private Consumer<AnomalyRecord> anomalyOut;
    private InputChecker.OutlierTest outliers;
    /** One checker per model and snapshot (a new snapshot version gets a new one). */
    private final Map<String, InputChecker> checkers = new HashMap<>();

    public QualityTap(QualitySettings settings, Consumer<QualityCounts> out) {
        this.settings = settings == null ? QualitySettings.defaults() : settings;
        this.out = out;
    }

    /**
     * Also keeps, per window, the first {@code limit} anomalous records (event time, then source and position) and
     * sends them to {@code out} when the window leaves.
     */
    public QualityTap withAnomalies(int limit, AnomalySource source, Consumer<AnomalyRecord> out) {
        this.anomalies = limit > 0 ? source : null;
        this.anomalyLimit = limit;
        this.anomalyOut = out;
        return this;
    }

    /** The multivariate hook (contract 3d): records it flags are anomalous too. */
    public QualityTap withOutlierTest(InputChecker.OutlierTest test) {
        this.outliers = test;
        checkers.clear();
        return this;
    }

    public PreAggregator.FiguresFactory factory() {
        return this::open;
    }

    private PreAggregator.Figures open(String model, long start, long end, PreAggregator.Reference ref) {
        if (ref == null) return NONE;
        InputChecker checker = checkers.get(model);
        if (checker == null || checker.snapshot() != ref.snapshot()) {
            checker = new InputChecker(ref.snapshot(), settings).withOutlierTest(outliers);
            checkers.put(model, checker);
        }
        return new WindowChecks(checker, new QualityCounts(model, start, end, ref.version()),
                new long[ref.snapshot().numeric().size()]);
    }

    private final class WindowChecks implements PreAggregator.Figures {
        private final InputChecker checker;
        private final QualityCounts counts;
        private final long[] outOfRange;
        /** The first anomalous records so far, the latest of them on top; null without --anomalies. */
        private final java.util.PriorityQueue<AnomalyRecord> first =
                anomalies == null ? null : new java.util.PriorityQueue<>(AnomalyRecord.ORDER.reversed());

        WindowChecks(InputChecker checker, QualityCounts counts, long[] outOfRange) {
            this.checker = checker;
            this.counts = counts;
            this.outOfRange = outOfRange;
        }

        @Override
        public void update(PredictionRecord r) {
            if (checker.check(r, counts, outOfRange) > 0 && first != null) keep(r);
        }

        /** Builds the stored record only when it is among the first ones: in time order, never after the limit is full. */
        private void keep(PredictionRecord r) {
            if (first.size() >= anomalyLimit) {
                if (!first.peek().isAfter(r.tsMillis, anomalies.source(), anomalies.position())) return;
                first.poll();
            }
            first.add(anomalies.build(r, checker, counts.model, counts.windowStart));
        }

        @Override
        public void close(PreAggregator.Window w) {
            if (w.drift() != null) {
                for (int i = 0; i < outOfRange.length; i++) if (outOfRange[i] > 0) w.drift().addOutOfRange(i, outOfRange[i]);
            }
            if (counts.records > 0) out.accept(counts);
            if (first != null) for (AnomalyRecord a : first) anomalyOut.accept(a);
        }
    }
}
