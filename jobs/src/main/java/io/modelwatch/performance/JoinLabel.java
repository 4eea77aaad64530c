package io.modelwatch.performance;

import io.modelwatch.io.LabelRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** A good label record (section 1b) on its way to the join, with its line kept for the dead letters. A Flink POJO. */
public final class JoinLabel {
    public static final TypeInformation<JoinLabel> TYPE = TypeInformation.of(JoinLabel.class);

    public String model;
    public String requestId;
    public long tsMillis;
    public byte labelKind;
    public double labelNumber;
    public String labelString;
    public String[] outcomeNames;
    public double[] outcomeValues;
    /** Where it came from, for its dead letter: file (or topic) and line. */
    public String source;
    public long lineNumber;
    public String line;

    public JoinLabel() {}

    public static JoinLabel of(LabelRecord r, String source, long lineNumber, String line) {
        JoinLabel l = new JoinLabel();
        l.model = r.model;
        l.requestId = r.requestId;
        l.tsMillis = r.tsMillis;
        l.labelKind = r.labelKind;
        l.labelNumber = r.labelNumber;
        l.labelString = r.labelString;
        l.outcomeNames = java.util.Arrays.copyOf(r.outcomeNames, r.outcomeCount);
        l.outcomeValues = java.util.Arrays.copyOf(r.outcomeValues, r.outcomeCount);
        l.source = source;
        l.lineNumber = lineNumber;
        l.line = line;
        return l;
    }

    public String key() {
        return key(model, requestId);
    }

    static String key(String model, String requestId) {
        return model + '\u0000' + requestId;
    }

    /** Decision order among labels of one request: time, then the line (so ties decide the same every run). */
    static int order(JoinLabel a, JoinLabel b) {
        int c = Long.compare(a.tsMillis, b.tsMillis);
        return c != 0 ? c : String.valueOf(a.line).compareTo(String.valueOf(b.line));
    }
}
