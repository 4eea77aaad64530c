package io.modelwatch.performance;

import io.modelwatch.io.PredictionRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** What the label join keeps of a prediction: its key, time and output. A Flink POJO. */
public final class JoinPrediction {
    public static final TypeInformation<JoinPrediction> TYPE = TypeInformation.of(JoinPrediction.class);

    public String model;
    public String requestId;
    public long tsMillis;
    /** The prediction when a number, else NaN. */
    public double predictionNumber;
    /** The prediction when a string or boolean, else null. */
    public String predictionString;
    public double confidence;

    public JoinPrediction() {}

    /** As {@link #of(PredictionRecord)}, of the series {@code model} (a model's segment: {@code io.modelwatch.segment.Segments}). */
    public static JoinPrediction of(PredictionRecord r, String model) {
        JoinPrediction p = of(r);
        p.model = model;
        return p;
    }

    public static JoinPrediction of(PredictionRecord r) {
        JoinPrediction p = new JoinPrediction();
        p.model = r.model;
        p.requestId = r.requestId;
        p.tsMillis = r.tsMillis;
        p.predictionNumber = r.predictionNumber;
        p.predictionString = r.predictionString;
        p.confidence = r.confidence;
        return p;
    }

    /** The join's key; predictions without a request_id cannot be joined and are counted only. */
    public String key() {
        // labels name the model: a segment's prediction joins by its model (the series keeps the segment)
        return requestId == null ? null : JoinLabel.key(io.modelwatch.segment.Segments.model(model), requestId);
    }
}
