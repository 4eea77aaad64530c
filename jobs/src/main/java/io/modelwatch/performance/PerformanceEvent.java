package io.modelwatch.performance;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One thing that happened to a model's window, from the label join: a prediction, a prediction joined to its
 * label, or a duplicate, late or orphan label. Keyed by model and window into a {@link PerformanceAccumulator}.
 * A Flink POJO.
 */
public final class PerformanceEvent {
    public static final TypeInformation<PerformanceEvent> TYPE = TypeInformation.of(PerformanceEvent.class);
    /** Kinds besides JoinRules' verdicts. */
    public static final byte PREDICTION = 0;

    public String model;
    public long windowStart;
    /** {@link #PREDICTION} or a {@link JoinRules} verdict. */
    public byte kind;
    public double predictionNumber = Double.NaN;
    public String predictionString;
    public double confidence = Double.NaN;
    public byte labelKind;
    public double labelNumber = Double.NaN;
    public String labelString;
    public long delayMs;
    public String[] outcomeNames;
    public double[] outcomeValues;

    public PerformanceEvent() {}

    public String key() {
        return model + '\u0000' + windowStart;
    }

    static PerformanceEvent prediction(JoinPrediction p, long windowStart) {
        PerformanceEvent e = new PerformanceEvent();
        e.model = p.model;
        e.windowStart = windowStart;
        e.kind = PREDICTION;
        e.predictionNumber = p.predictionNumber;
        return e;
    }

    static PerformanceEvent labelled(JoinPrediction p, JoinLabel l, long windowStart) {
        PerformanceEvent e = new PerformanceEvent();
        e.model = p.model;
        e.windowStart = windowStart;
        e.kind = JoinRules.JOINED;
        e.predictionNumber = p.predictionNumber;
        e.predictionString = p.predictionString;
        e.confidence = p.confidence;
        e.labelKind = l.labelKind;
        e.labelNumber = l.labelNumber;
        e.labelString = l.labelString;
        e.delayMs = l.tsMillis - p.tsMillis;
        e.outcomeNames = l.outcomeNames;
        e.outcomeValues = l.outcomeValues;
        return e;
    }

    static PerformanceEvent counted(String model, long windowStart, byte verdict) {
        PerformanceEvent e = new PerformanceEvent();
        e.model = model;
        e.windowStart = windowStart;
        e.kind = verdict;
        return e;
    }

    /** Folds this event into the window's accumulator. */
    void addTo(PerformanceAccumulator a) {
        switch (kind) {
            case PREDICTION: a.addPrediction(predictionNumber); break;
            case JoinRules.JOINED:
                a.addLabelled(predictionNumber, predictionString, confidence, labelKind, labelNumber, labelString, delayMs);
                if (outcomeNames != null) {
                    for (int i = 0; i < outcomeNames.length; i++) a.addOutcome(outcomeNames[i], outcomeValues[i]);
                }
                break;
            case JoinRules.DUPLICATE: a.addDuplicate(); break;
            case JoinRules.LATE: a.addLate(); break;
            default: a.addOrphan();
        }
    }
}
