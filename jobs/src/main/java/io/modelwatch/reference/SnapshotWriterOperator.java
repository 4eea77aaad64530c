package io.modelwatch.reference;

import io.modelwatch.multivariate.EmbeddingReference;
import io.modelwatch.multivariate.EmbeddingReferences;
import io.modelwatch.multivariate.MultivariateSnapshot;
import io.modelwatch.multivariate.RecordSample;
import io.modelwatch.segment.Segments;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Assembles each model's snapshot from its features and record counts and writes it, when all input has
 * ended; emits one summary line per model written. Runs with parallelism 1.
 */
final class SnapshotWriterOperator extends AbstractStreamOperator<String>
        implements TwoInputStreamOperator<FeatureReferencePart, ModelRecords, String>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final long fromMillis, toMillis;
    private final int grid, sampleLimit;
    /** --valid-from, or Long.MIN_VALUE: the end of the range (--to), or with an open range the newest record's time. */
    private long validFromMillis = Long.MIN_VALUE;
    private transient Map<String, List<FeatureReferencePart>> features;
    private transient Map<String, ModelRecords> records;
    /** Each model's joint sample, merged here record by record as the readers' bytes come (not in ModelRecords). */
    private transient Map<String, RecordSample> samples;
    private transient int ended;

    public SnapshotWriterOperator(Path outputDir, long fromMillis, long toMillis, int grid, int sampleLimit) {
        this.outputDir = outputDir.toAbsolutePath().toString();
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.grid = grid;
        this.sampleLimit = sampleLimit;
    }

    /** The --segment-by key the series of segments were made with, or null. */
    private String segmentBy;
    private long minCount = ReferenceJob.Settings.DEFAULT_MIN_COUNT;

    /** Names the --segment-by key of the segment series (contract 2b). */
    public SnapshotWriterOperator segmentBy(String key) {
        this.segmentBy = key;
        return this;
    }

    /** Sets {@code --valid-from} (Long.MIN_VALUE: the default of contract 2b). */
    /** --min-count: vectors an embedding's calibration chunk needs (contract 2b). */
    public SnapshotWriterOperator minCount(long count) {
        this.minCount = count;
        return this;
    }

    public SnapshotWriterOperator validFrom(long millis) {
        this.validFromMillis = millis;
        return this;
    }

    @Override
    public void open() throws Exception {
        super.open();
        features = new TreeMap<>();
        records = new HashMap<>();
        samples = new HashMap<>();
    }

    @Override
    public void processElement1(StreamRecord<FeatureReferencePart> e) {
        features.computeIfAbsent(e.getValue().model, m -> new ArrayList<>()).add(e.getValue());
    }

    @Override
    public void processElement2(StreamRecord<ModelRecords> e) {
        ModelRecords m = e.getValue();
        if (m.joint != null) {
            RecordSample s = samples.get(m.model);
            if (s == null) samples.put(m.model, RecordSample.fromBytes(m.joint));
            else s.mergeBytes(m.joint);
            m.joint = null;
        }
        ModelRecords total = records.get(m.model);
        if (total == null) {
            total = new ModelRecords(m.model);
            records.put(m.model, total);
        }
        total.merge(m);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (++ended < 2) return;
        for (Map.Entry<String, ModelRecords> e : new TreeMap<>(records).entrySet()) {
            String model = e.getKey();
            long n = e.getValue().records;
            // a segment's snapshot has its model's range and valid_from: they are one reference, cut by segment
            String segment = Segments.segment(model);
            ModelRecords whole = records.getOrDefault(Segments.model(model), e.getValue());
            List<NumericReference> numeric = new ArrayList<>();
            List<CategoricalReference> categorical = new ArrayList<>();
            List<EmbeddingReference> embedded =
                    EmbeddingReferences.build(e.getValue().embeddings, n, minCount);
            Set<String> embeddingNames = new HashSet<>();
            for (var x : embedded) embeddingNames.add(x.name);
            for (FeatureReferencePart p : features.getOrDefault(model, List.of())) {
                if (embeddingNames.contains(p.feature)) continue; // an embedding, not a numeric feature (3d)
                long missing = Math.max(0, n - p.count - p.invalid);
                if (p.categorical) categorical.add(p.categoricalReference(missing));
                else numeric.add(p.numeric(missing));
            }
            long from = fromMillis == Long.MIN_VALUE ? whole.minTs : fromMillis;
            long to = toMillis == Long.MAX_VALUE ? whole.maxTs + 1 : toMillis;
            long validFrom = validFromMillis != Long.MIN_VALUE ? validFromMillis
                    : toMillis == Long.MAX_VALUE ? whole.maxTs : toMillis;
            Snapshot s = new Snapshot(Segments.model(model), from, to, n, grid, sampleLimit, numeric,
                    categorical).withValidFrom(validFrom);
            if (segment != null) s = s.withSegment(segmentBy, segment);
            // removed as it is handed over: the fit lays its rows out and lets the sample go
            s = s.withMultivariate(MultivariateSnapshot.fit(s, samples.remove(model),
                    MultivariateSnapshot.DEFAULT_CHUNK_MILLIS,
                    MultivariateSnapshot.MIN_CHUNK_ROWS, embedded));
            Path file = SnapshotFiles.write(Paths.get(outputDir), s);
            output.collect(new StreamRecord<>(String.format("%s: %d records, %d numeric and %d categorical features -> %s",
                    segment == null ? s.model : s.model + " segment " + segment, n, numeric.size(), categorical.size(), file)));
        }
    }
}
