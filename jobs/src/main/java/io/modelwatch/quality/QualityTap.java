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

    /** Sees each anomalous record while its problems can be read from the checker. */
    @FunctionalInterface
    public interface AnomalyListener {
        void anomalous(PredictionRecord r, InputChecker problems, QualityCounts window) throws Exception;
    }

    private static final PreAggregator.Figures NONE = r -> {};

    private final QualitySettings settings;
    private final Consumer<QualityCounts> out;
    private AnomalyListener anomalies;
    private InputChecker.OutlierTest outliers;
    /** One checker per model and snapshot (a new snapshot version gets a new one). */
    private final Map<String, InputChecker> checkers = new HashMap<>();

    public QualityTap(QualitySettings settings, Consumer<QualityCounts> out) {
        this.settings = settings == null ? QualitySettings.defaults() : settings;
        this.out = out;
    }

    public QualityTap withAnomalies(AnomalyListener listener) {
        this.anomalies = listener;
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

        WindowChecks(InputChecker checker, QualityCounts counts, long[] outOfRange) {
            this.checker = checker;
            this.counts = counts;
            this.outOfRange = outOfRange;
        }

        @Override
        public void update(PredictionRecord r) {
            if (checker.check(r, counts, outOfRange) > 0 && anomalies != null) {
                try {
                    anomalies.anomalous(r, checker, counts);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void close(PreAggregator.Window w) {
            if (w.drift() != null) {
                for (int i = 0; i < outOfRange.length; i++) if (outOfRange[i] > 0) w.drift().addOutOfRange(i, outOfRange[i]);
            }
            if (counts.records > 0) out.accept(counts);
        }
    }
}
