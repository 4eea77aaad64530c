package io.modelwatch.reference;

import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.RecordReader;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.serving.ServingAccumulator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.HashMap;
import java.util.Map;

/**
 * Parses reference logs and gathers each model's feature values where they were read, sending each feature's
 * values on in chunks of {@link FeatureValues#CHUNK} as they fill (so a subtask holds at most features x CHUNK
 * values, whatever the input's size); at the end of input emits the last chunk of each model and feature with its
 * category counts, plus each model's record count ({@link ModelRecords}).
 * The model-behaviour columns are gathered as the features {@code __prediction} and {@code __confidence}.
 */
final class ReferencePreAggregateOperator extends AbstractStreamOperator<FeatureValues>
        implements OneInputStreamOperator<RawLine, FeatureValues>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ModelRecords> MODEL_RECORDS = new OutputTag<>("model-records") {};
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("counts") {};

    private final long fromMillis, toMillis;
    /** --joint-sample: rows of each model's joint sample (contract 2b). */
    private int jointSample = io.modelwatch.multivariate.JointSamples.DEFAULT_ROWS;
    private transient io.modelwatch.multivariate.JointSamples joint;
    private transient io.modelwatch.multivariate.EmbeddingReferences embeddings;
    private long calibrationChunk = ReferenceJob.Settings.DEFAULT_CHUNK;

    private transient RecordReader reader;
    private transient Map<String, ModelFeatures> byModel;
    private transient Map<String, ModelRecords> records;
    private transient PipelineCounts counts;

    public ReferencePreAggregateOperator(long fromMillis, long toMillis) {
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    /** Keeps {@code rows} records per model in the joint sample (0: none). */
    public ReferencePreAggregateOperator withJointSample(int rows) {
        this.jointSample = rows;
        return this;
    }

    /** --segment-by (contract 2b): each record also goes into its segment's series (null: none). */
    /**
     * --chunk: the embeddings' calibration chunks (contract 2b as 3d asks). Their sums are gathered in this first
     * pass: the chunks' centroid figures need only each chunk's sum and count once the centroid is known.
     */
    public ReferencePreAggregateOperator withCalibrationChunk(long millis) {
        this.calibrationChunk = millis;
        return this;
    }

    public ReferencePreAggregateOperator withSegments(io.modelwatch.segment.Segmentation segmentation) {
        this.segmentation = segmentation;
        return this;
    }

    private io.modelwatch.segment.Segmentation segmentation;
    private transient io.modelwatch.segment.Segmenter segmenter;

    @Override
    public void open() throws Exception {
        super.open();
        byModel = new HashMap<>();
        records = new HashMap<>();
        joint = new io.modelwatch.multivariate.JointSamples(jointSample);
        // the embeddings' spread sample is their own, not the joint sample: --joint-sample 0 leaves them as they are
        embeddings = new io.modelwatch.multivariate.EmbeddingReferences(io.modelwatch.multivariate.JointSamples.DEFAULT_ROWS,
                calibrationChunk);
        counts = new PipelineCounts();
        segmenter = segmentation == null ? null : new io.modelwatch.segment.Segmenter(segmentation);
        reader = new RecordReader(counts, fromMillis, toMillis,
                deadLetter -> output.collect(DEAD_LETTERS, new StreamRecord<>(deadLetter)),
                Progress.of(getRuntimeContext()));
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        reader.read(element.getValue(), this::add);
    }

    /**
     * A record goes into its model's snapshot and, segmented, into its segment's as well: everything below is keyed
     * by {@code r.model}, which holds the segment's series for the second pass over the record (and is put back).
     */
    private void add(PredictionRecord r) {
        addTo(r);
        if (segmenter == null) return;
        String model = r.model;
        r.model = segmenter.series(r);
        try {
            addTo(r);
        } finally {
            r.model = model;
        }
    }

    private void addTo(PredictionRecord r) {
        ModelRecords m = records.get(r.model);
        if (m == null) records.put(r.model, m = new ModelRecords(r.model));
        m.add(r.tsMillis);
        joint.offer(r);
        embeddings.offer(r);
        ModelFeatures model = byModel.get(r.model);
        if (model == null) byModel.put(r.model, model = new ModelFeatures(r.model));
        for (int k = 0; k < r.featureCount; k++) {
            FeatureValues f = model.byPosition(r, k);
            switch (r.featureKinds[k]) {
                case PredictionRecord.NUMBER:
                    if (Double.isFinite(r.featureNumbers[k])) addNumber(f, r.featureNumbers[k]);
                    break;
                case PredictionRecord.STRING:
                case PredictionRecord.BOOLEAN:
                    f.addCategory(r.featureStrings[k]);
                    break;
                case PredictionRecord.OTHER:
                    f.others++;
                    break;
                default: // null: missing
            }
        }
        if (!Double.isNaN(r.predictionNumber)) {
            addNumber(model.named(Snapshot.PREDICTION_FEATURE), r.predictionNumber);
        } else if (r.predictionString != null) {
            model.named(Snapshot.PREDICTION_FEATURE).addCategory(r.predictionString);
        }
        if (ServingAccumulator.validConfidence(r.confidence)) { // outside [0, 1]: invalid, left out (contract 1)
            addNumber(model.named(Snapshot.CONFIDENCE_FEATURE), r.confidence);
        }
    }

    private void addNumber(FeatureValues f, double v) {
        f.addNumber(v);
        if (f.isFull()) output.collect(new StreamRecord<>(f.takeChunk()));
    }

    @Override
    public void endInput() {
        for (ModelFeatures features : byModel.values()) {
            for (FeatureValues f : features.all) output.collect(new StreamRecord<>(f.seal()));
        }
        for (ModelRecords m : records.values()) {
            m.joint = joint.bytes(m.model);
            m.embeddings = embeddings.bytes(m.model);
        }
        for (ModelRecords m : records.values()) output.collect(MODEL_RECORDS, new StreamRecord<>(m));
        output.collect(COUNTS, new StreamRecord<>(counts));
        byModel.clear();
    }

    /**
     * A model's (or segment's) features, each with a slot: a record's k-th feature is found by
     * {@link io.modelwatch.io.FeatureSlots} (an identity check where the position holds the name it held last
     * time), the behaviour columns {@code __prediction} and {@code __confidence} by name.
     */
    private static final class ModelFeatures {
        /** Every feature seen, by slot (order of first appearance). */
        final java.util.List<FeatureValues> all = new java.util.ArrayList<>();
        private final Map<String, Integer> slotOf = new HashMap<>();
        /** A new name's slot; one function for the model, where a lambda written at each call would be one per record. */
        private final java.util.function.Function<String, Integer> newSlot;
        private final io.modelwatch.io.FeatureSlots slots;

        ModelFeatures(String model) {
            newSlot = name -> {
                all.add(new FeatureValues(model, name));
                return all.size() - 1;
            };
            slots = new io.modelwatch.io.FeatureSlots(this::slot);
        }

        private int slot(String name) {
            return slotOf.computeIfAbsent(name, newSlot);
        }

        FeatureValues byPosition(PredictionRecord r, int k) {
            return all.get(slots.slot(r, k));
        }

        FeatureValues named(String name) {
            return all.get(slot(name));
        }
    }
}
