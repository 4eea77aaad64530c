package io.modelwatch.performance;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionRecord;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model_performance} figures (contract section 3e) of one model in one window, in memory bounded
 * whatever the window's size: counts and sums, 10 calibration-error bins, a {@value #AUC_BINS}-bin score
 * histogram for the AUC, per-class counts for multiclass (at most {@value #MAX_CLASSES} classes), the label
 * delays ({@link DelayQuantiles}) and the outcome sums. Mergeable ({@link #merge}) and serializable
 * ({@link #toBytes}/{@link #fromBytes}) so a job can pre-aggregate per subtask or per pane and keep it in
 * Flink state as bytes.
 *
 * <p><b>AUC error.</b> Pairs (positive, negative) whose scores fall in the same histogram bin are counted
 * half, as exact ties are; every other pair is ordered exactly. So the AUC is off by at most
 * {@code 0.5 * sum_b pos_b * neg_b / (P * N)} (see {@link #aucErrorBound}), and 0 where every bin holds one
 * class or only equal scores. For scores of any continuous density f_pos, f_neg that sum is about
 * {@code 0.5 * integral(f_pos f_neg) / AUC_BINS}: below 1e-4 for densities up to 4.
 *
 * <p><b>Task.</b> Forced per model ({@code --task}) or inferred per pair: a string label, or a string
 * prediction, makes a multiclass pair; a number or boolean label with a number prediction a numeric pair,
 * which is binary while every label is 0/1 and every score in [0, 1], else regression. A window holding both
 * kinds is scored as the kind most of its pairs are; the other pairs count as {@code invalid}.
 */
public final class PerformanceAccumulator {
    static final int AUC_BINS = 8192;
    static final int ECE_BINS = 10;
    static final int MAX_CLASSES = 1000;
    static final String OTHER_CLASS = "__other";
    private static final int VERSION = 1;
    static final double LOG_CLIP = 1e-15;

    private final Task forced;
    private final double threshold;

    // coverage and counts
    long predictions;
    long labelled;
    long invalid;
    long orphans, late, duplicates;

    // predictions with a score in [0, 1], per calibration bin, below / at-or-above the threshold (CBPE)
    final long[] scoredBelow = new long[CalibrationMap.BINS];
    final long[] scoredAbove = new long[CalibrationMap.BINS];

    // binary
    boolean binaryOk = true;
    long binN, tp, fp, tn, fn;
    double logLossSum, brierSum;
    final long[] eceCount = new long[ECE_BINS];
    final double[] eceScore = new double[ECE_BINS];
    final long[] ecePositives = new long[ECE_BINS];
    int[] aucPos, aucNeg;

    // regression (labels' mean and M2 by Welford / Chan, so SS_tot keeps its digits)
    long regN;
    double absSum, sqSum, errSum, apeSum;
    long apeN;
    double labelMean, labelM2;

    // multiclass
    long mcN, mcCorrect;
    final Map<String, Integer> classIndex = new HashMap<>();
    final List<String> classNames = new ArrayList<>();
    long[] classLabels = new long[8], classPredicted = new long[8], classCorrect = new long[8];
    final long[] mcEceCount = new long[ECE_BINS];
    final double[] mcEceConfidence = new double[ECE_BINS];
    final long[] mcEceCorrect = new long[ECE_BINS];

    // outcomes
    final Map<String, Integer> outcomeIndex = new HashMap<>();
    final List<String> outcomeNames = new ArrayList<>();
    long[] outcomeCount = new long[4];
    double[] outcomeSum = new double[4];

    DelayQuantiles delays = new DelayQuantiles();

    /** @param forced the model's task from {@code --task}, or null to infer it from the labels */
    public PerformanceAccumulator(Task forced, double threshold) {
        this.forced = forced;
        this.threshold = threshold;
    }

    public Task forcedTask() {
        return forced;
    }

    /** Counts one prediction of the window, labelled or not; {@code score} is its number prediction or NaN. */
    public void addPrediction(double score) {
        predictions++;
        if (score >= 0 && score <= 1) {
            int b = CalibrationMap.bin(score);
            if (score >= threshold) scoredAbove[b]++;
            else scoredBelow[b]++;
        }
    }

    public void addOrphan() {
        orphans++;
    }

    public void addLate() {
        late++;
    }

    public void addDuplicate() {
        duplicates++;
    }

    /**
     * Adds one prediction joined to its first label.
     *
     * @param predNumber the prediction when it is a number, else NaN
     * @param predString the prediction when it is a string or boolean, else null
     * @param confidence the prediction's confidence, NaN when absent
     * @param labelKind  {@link PredictionRecord#NUMBER}, {@code STRING}, {@code BOOLEAN} or {@code NULL} (no label value)
     * @param delayMs    label time minus prediction time
     */
    public void addLabelled(double predNumber, String predString, double confidence,
                            byte labelKind, double labelNumber, String labelString, long delayMs) {
        labelled++;
        delays.add(delayMs);
        if (labelKind == PredictionRecord.NULL) return; // outcomes only: counted, no figures
        boolean hasNumber = !Double.isNaN(predNumber);
        if (!hasNumber && predString == null) {
            invalid++;
            return;
        }
        Task task = forced;
        if (task == null) {
            task = labelKind == PredictionRecord.STRING || !hasNumber ? Task.MULTICLASS : Task.REGRESSION;
        }
        switch (task) {
            case BINARY: {
                double y = binaryLabel(labelKind, labelNumber, labelString);
                if (Double.isNaN(y) || !hasNumber || !(predNumber >= 0 && predNumber <= 1)) {
                    invalid++;
                    return;
                }
                addBinary(predNumber, y == 1);
                return;
            }
            case MULTICLASS:
                addMulticlass(hasNumber ? numberText(predNumber) : predString,
                        labelKind == PredictionRecord.NUMBER ? numberText(labelNumber) : labelString, confidence);
                return;
            default: {
                double y = labelKind == PredictionRecord.STRING ? Double.NaN : labelNumber;
                if (forced != null && (Double.isNaN(y) || !hasNumber || !Double.isFinite(y))) {
                    invalid++;
                    return;
                }
                if (!Double.isFinite(y)) {
                    invalid++;
                    return;
                }
                addRegression(predNumber, y);
                // an inferred numeric pair is also a binary one while labels are 0/1 and scores in [0, 1]
                if (forced == null && binaryOk) {
                    if ((y == 0 || y == 1) && predNumber >= 0 && predNumber <= 1) {
                        addBinary(predNumber, y == 1);
                    } else {
                        dropBinary();
                    }
                }
            }
        }
    }

    /** Adds one business outcome of a labelled prediction. */
    public void addOutcome(String name, double value) {
        if (!Double.isFinite(value)) return;
        Integer i = outcomeIndex.get(name);
        if (i == null) {
            i = outcomeNames.size();
            outcomeIndex.put(name, i);
            outcomeNames.add(name);
            if (i == outcomeCount.length) {
                outcomeCount = Arrays.copyOf(outcomeCount, i * 2);
                outcomeSum = Arrays.copyOf(outcomeSum, i * 2);
            }
        }
        outcomeCount[i]++;
        outcomeSum[i] += value;
    }

    private static double binaryLabel(byte kind, double number, String string) {
        if (kind == PredictionRecord.BOOLEAN || kind == PredictionRecord.NUMBER) {
            return number == 0 || number == 1 ? number : Double.NaN;
        }
        if (kind == PredictionRecord.STRING) {
            switch (string) {
                case "1": case "true": return 1;
                case "0": case "false": return 0;
                default: return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** A class name from a number: integral numbers without a decimal point, as a user would write them. */
    static String numberText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private void addBinary(double p, boolean positive) {
        binN++;
        boolean predicted = p >= threshold;
        if (positive) {
            if (predicted) tp++; else fn++;
        } else {
            if (predicted) fp++; else tn++;
        }
        double q = Math.min(Math.max(p, LOG_CLIP), 1 - LOG_CLIP);
        logLossSum -= positive ? Math.log(q) : Math.log(1 - q);
        double e = p - (positive ? 1 : 0);
        brierSum += e * e;
        int b = Math.min((int) (p * ECE_BINS), ECE_BINS - 1);
        eceCount[b]++;
        eceScore[b] += p;
        if (positive) ecePositives[b]++;
        if (aucPos == null) {
            aucPos = new int[AUC_BINS];
            aucNeg = new int[AUC_BINS];
        }
        int a = Math.min((int) (p * AUC_BINS), AUC_BINS - 1);
        if (positive) aucPos[a]++; else aucNeg[a]++;
    }

    private void dropBinary() {
        binaryOk = false;
        aucPos = null;
        aucNeg = null;
    }

    private void addRegression(double p, double y) {
        regN++;
        double e = p - y;
        absSum += Math.abs(e);
        sqSum += e * e;
        errSum += e;
        if (y != 0) {
            apeSum += Math.abs(e) / Math.abs(y);
            apeN++;
        }
        double d = y - labelMean;
        labelMean += d / regN;
        labelM2 += d * (y - labelMean);
    }

    private void addMulticlass(String predicted, String actual, double confidence) {
        if (actual == null) {
            invalid++;
            return;
        }
        mcN++;
        boolean correct = predicted.equals(actual);
        int li = classOf(actual);
        int pi = classOf(predicted);
        classLabels[li]++;
        classPredicted[pi]++;
        if (correct) {
            mcCorrect++;
            classCorrect[li]++;
        }
        if (confidence >= 0 && confidence <= 1) {
            int b = Math.min((int) (confidence * ECE_BINS), ECE_BINS - 1);
            mcEceCount[b]++;
            mcEceConfidence[b] += confidence;
            if (correct) mcEceCorrect[b]++;
        }
    }

    /** The class's slot; past MAX_CLASSES distinct classes the rest pool in {@value #OTHER_CLASS}. */
    private int classOf(String name) {
        Integer i = classIndex.get(name);
        if (i != null) return i;
        if (classNames.size() >= MAX_CLASSES) name = OTHER_CLASS;
        i = classIndex.get(name);
        if (i != null) return i;
        i = classNames.size();
        classIndex.put(name, i);
        classNames.add(name);
        if (i == classLabels.length) {
            classLabels = Arrays.copyOf(classLabels, i * 2);
            classPredicted = Arrays.copyOf(classPredicted, i * 2);
            classCorrect = Arrays.copyOf(classCorrect, i * 2);
        }
        return i;
    }

    /** Adds {@code o} into this one (same model and window; same threshold and forced task). */
    public PerformanceAccumulator merge(PerformanceAccumulator o) {
        predictions += o.predictions;
        labelled += o.labelled;
        invalid += o.invalid;
        orphans += o.orphans;
        late += o.late;
        duplicates += o.duplicates;
        for (int i = 0; i < CalibrationMap.BINS; i++) {
            scoredBelow[i] += o.scoredBelow[i];
            scoredAbove[i] += o.scoredAbove[i];
        }
        // binary
        if (!o.binaryOk) dropBinary();
        if (binaryOk) {
            binN += o.binN;
            tp += o.tp;
            fp += o.fp;
            tn += o.tn;
            fn += o.fn;
            logLossSum += o.logLossSum;
            brierSum += o.brierSum;
            for (int i = 0; i < ECE_BINS; i++) {
                eceCount[i] += o.eceCount[i];
                eceScore[i] += o.eceScore[i];
                ecePositives[i] += o.ecePositives[i];
            }
            if (o.aucPos != null) {
                if (aucPos == null) {
                    aucPos = o.aucPos.clone();
                    aucNeg = o.aucNeg.clone();
                } else {
                    for (int i = 0; i < AUC_BINS; i++) {
                        aucPos[i] += o.aucPos[i];
                        aucNeg[i] += o.aucNeg[i];
                    }
                }
            }
        }
        // regression
        if (o.regN > 0) {
            long n = regN + o.regN;
            double delta = o.labelMean - labelMean;
            labelM2 += o.labelM2 + delta * delta * ((double) regN * o.regN / n);
            labelMean += delta * o.regN / n;
            regN = n;
            absSum += o.absSum;
            sqSum += o.sqSum;
            errSum += o.errSum;
            apeSum += o.apeSum;
            apeN += o.apeN;
        }
        // multiclass
        mcN += o.mcN;
        mcCorrect += o.mcCorrect;
        for (int j = 0; j < o.classNames.size(); j++) {
            int i = classOf(o.classNames.get(j));
            classLabels[i] += o.classLabels[j];
            classPredicted[i] += o.classPredicted[j];
            classCorrect[i] += o.classCorrect[j];
        }
        for (int i = 0; i < ECE_BINS; i++) {
            mcEceCount[i] += o.mcEceCount[i];
            mcEceConfidence[i] += o.mcEceConfidence[i];
            mcEceCorrect[i] += o.mcEceCorrect[i];
        }
        for (int j = 0; j < o.outcomeNames.size(); j++) {
            String name = o.outcomeNames.get(j);
            Integer i = outcomeIndex.get(name);
            if (i == null) {
                addOutcome(name, 0);
                i = outcomeIndex.get(name);
                outcomeCount[i] = 0;
            }
            outcomeCount[i] += o.outcomeCount[j];
            outcomeSum[i] += o.outcomeSum[j];
        }
        delays.merge(o.delays);
        return this;
    }

    /** The task the window's figures are computed for, or null when it has no labelled pair to tell. */
    public Task task() {
        if (forced != null) return forced;
        long numeric = regN;
        if (numeric == 0 && mcN == 0) return null;
        if (mcN > numeric) return Task.MULTICLASS;
        return binaryOk ? Task.BINARY : Task.REGRESSION;
    }

    /** Labelled pairs that back the figures of the window's task. */
    public long scored() {
        Task t = task();
        if (t == null) return 0;
        switch (t) {
            case BINARY: return binN;
            case MULTICLASS: return mcN;
            default: return regN;
        }
    }

    public long predictions() {
        return predictions;
    }

    public long labelled() {
        return labelled;
    }

    /** Invalid pairs: those counted while adding plus, under inference, the pairs of the task not chosen. */
    public long invalid() {
        long extra = 0;
        if (forced == null) {
            Task t = task();
            if (t == Task.MULTICLASS) extra = regN;
            else if (t != null) extra = mcN;
        }
        return invalid + extra;
    }

    /** The bound on the AUC's error from sharing bins (see the class comment); NaN when the AUC is undefined. */
    public double aucErrorBound() {
        long p = tp + fn, n = tn + fp;
        if (aucPos == null || p == 0 || n == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < AUC_BINS; i++) s += (double) aucPos[i] * aucNeg[i];
        return 0.5 * s / ((double) p * n);
    }

    /** ROC AUC from the histogram, pairs in one bin counted half; NaN with one class only. */
    double auc() {
        long p = tp + fn, n = tn + fp;
        if (aucPos == null || p == 0 || n == 0) return Double.NaN;
        double below = 0, sum = 0;
        for (int i = 0; i < AUC_BINS; i++) {
            sum += aucPos[i] * (below + 0.5 * aucNeg[i]);
            below += aucNeg[i];
        }
        return sum / ((double) p * n);
    }

    /**
     * Writes the window's figures into {@code b} (a {@code model_performance} builder the caller tagged):
     * counts always, each figure where it applies and where at least {@code minCount} pairs back it.
     *
     * @param calibration the snapshot's calibration map, or null (then no {@code estimated_accuracy})
     */
    public Point.Builder writeFields(Point.Builder b, int minCount, CalibrationMap calibration) {
        b.intField("predictions", predictions).intField("labelled", labelled);
        if (predictions > 0) b.field("label_coverage", (double) labelled / predictions);
        if (labelled >= minCount && labelled > 0) {
            b.field("label_delay_p50", delays.percentileSeconds(50))
                    .field("label_delay_p99", delays.percentileSeconds(99));
        }
        // invalid() is not written: section 4's table (and lp-lint) has no such model_performance field
        b.intField("orphan_labels", orphans).intField("late_labels", late).intField("duplicate_labels", duplicates);
        Task t = task();
        long n = scored();
        if (t != null && n > 0 && n >= minCount) {
            switch (t) {
                case BINARY: writeBinary(b); break;
                case MULTICLASS: writeMulticlass(b, minCount); break;
                default: writeRegression(b); break;
            }
        }
        for (String name : sortedOutcomes()) {
            int i = outcomeIndex.get(name);
            b.intField("outcome_" + name + "_count", outcomeCount[i]);
            if (outcomeCount[i] >= minCount && outcomeCount[i] > 0) {
                b.field("outcome_" + name, outcomeSum[i] / outcomeCount[i]);
            }
        }
        if (calibration != null && (forced == null || forced == Task.BINARY)) {
            long scoredPredictions = 0;
            double sum = 0;
            for (int i = 0; i < CalibrationMap.BINS; i++) {
                double c = calibration.value(i);
                sum += scoredAbove[i] * c + scoredBelow[i] * (1 - c);
                scoredPredictions += scoredAbove[i] + scoredBelow[i];
            }
            if (scoredPredictions > 0 && scoredPredictions >= minCount) {
                b.field("estimated_accuracy", sum / scoredPredictions);
            }
        }
        return b;
    }

    private List<String> sortedOutcomes() {
        List<String> names = new ArrayList<>(outcomeNames);
        names.sort(null);
        return names;
    }

    private void writeBinary(Point.Builder b) {
        double n = binN;
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        b.field("accuracy", (tp + tn) / n)
                .field("precision", precision)
                .field("recall", recall)
                .field("f1", f1);
        double auc = auc();
        if (!Double.isNaN(auc)) b.field("auc", auc);
        b.field("log_loss", logLossSum / n)
                .field("brier", brierSum / n)
                .field("ece", ece(eceCount, eceScore, ecePositives, binN))
                .field("positive_rate", (tp + fn) / n)
                .field("predicted_positive_rate", (tp + fp) / n);
    }

    private void writeMulticlass(Point.Builder b, int minCount) {
        b.field("accuracy", (double) mcCorrect / mcN);
        double f1 = 0;
        int k = classNames.size();
        for (int i = 0; i < k; i++) {
            long c = classCorrect[i];
            long fpi = classPredicted[i] - c, fni = classLabels[i] - c;
            f1 += 2 * c + fpi + fni == 0 ? 0 : 2.0 * c / (2 * c + fpi + fni);
        }
        b.field("macro_f1", f1 / k);
        long withConfidence = 0;
        for (long c : mcEceCount) withConfidence += c;
        if (withConfidence > 0 && withConfidence >= minCount) {
            b.field("ece", ece(mcEceCount, mcEceConfidence, mcEceCorrect, withConfidence));
        }
    }

    private void writeRegression(Point.Builder b) {
        b.field("mae", absSum / regN).field("rmse", Math.sqrt(sqSum / regN));
        if (apeN > 0) b.field("mape", apeSum / apeN);
        if (labelM2 > 0) b.field("r2", 1 - sqSum / labelM2);
        b.field("bias", errSum / regN);
    }

    /** sum over bins of n_bin / n * |mean score - share of hits|. */
    private static double ece(long[] count, double[] score, long[] hits, long n) {
        double e = 0;
        for (int i = 0; i < count.length; i++) {
            if (count[i] == 0) continue;
            e += (double) count[i] / n * Math.abs(score[i] / count[i] - (double) hits[i] / count[i]);
        }
        return e;
    }

    // ------------------------------------------------------------------------------------------ bytes

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PerformanceAccumulator fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeByte(forced == null ? -1 : forced.ordinal());
        out.writeDouble(threshold);
        out.writeLong(predictions);
        out.writeLong(labelled);
        out.writeLong(invalid);
        out.writeLong(orphans);
        out.writeLong(late);
        out.writeLong(duplicates);
        writeLongs(out, scoredBelow);
        writeLongs(out, scoredAbove);
        out.writeBoolean(binaryOk);
        out.writeLong(binN);
        out.writeLong(tp);
        out.writeLong(fp);
        out.writeLong(tn);
        out.writeLong(fn);
        out.writeDouble(logLossSum);
        out.writeDouble(brierSum);
        writeLongs(out, eceCount);
        writeDoubles(out, eceScore);
        writeLongs(out, ecePositives);
        // the AUC histogram sparse: most windows fill few of its bins
        int filled = 0;
        if (aucPos != null) for (int i = 0; i < AUC_BINS; i++) if (aucPos[i] != 0 || aucNeg[i] != 0) filled++;
        out.writeInt(aucPos == null ? -1 : filled);
        if (aucPos != null) {
            for (int i = 0; i < AUC_BINS; i++) {
                if (aucPos[i] == 0 && aucNeg[i] == 0) continue;
                out.writeShort(i);
                out.writeInt(aucPos[i]);
                out.writeInt(aucNeg[i]);
            }
        }
        out.writeLong(regN);
        out.writeDouble(absSum);
        out.writeDouble(sqSum);
        out.writeDouble(errSum);
        out.writeDouble(apeSum);
        out.writeLong(apeN);
        out.writeDouble(labelMean);
        out.writeDouble(labelM2);
        out.writeLong(mcN);
        out.writeLong(mcCorrect);
        out.writeInt(classNames.size());
        for (int i = 0; i < classNames.size(); i++) {
            out.writeUTF(classNames.get(i));
            out.writeLong(classLabels[i]);
            out.writeLong(classPredicted[i]);
            out.writeLong(classCorrect[i]);
        }
        writeLongs(out, mcEceCount);
        writeDoubles(out, mcEceConfidence);
        writeLongs(out, mcEceCorrect);
        out.writeInt(outcomeNames.size());
        for (int i = 0; i < outcomeNames.size(); i++) {
            out.writeUTF(outcomeNames.get(i));
            out.writeLong(outcomeCount[i]);
            out.writeDouble(outcomeSum[i]);
        }
        delays.write(out);
    }

    public static PerformanceAccumulator read(DataInput in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) throw new IOException("unknown performance state version " + version);
        int task = in.readByte();
        PerformanceAccumulator a = new PerformanceAccumulator(task < 0 ? null : Task.values()[task], in.readDouble());
        a.predictions = in.readLong();
        a.labelled = in.readLong();
        a.invalid = in.readLong();
        a.orphans = in.readLong();
        a.late = in.readLong();
        a.duplicates = in.readLong();
        readLongs(in, a.scoredBelow);
        readLongs(in, a.scoredAbove);
        a.binaryOk = in.readBoolean();
        a.binN = in.readLong();
        a.tp = in.readLong();
        a.fp = in.readLong();
        a.tn = in.readLong();
        a.fn = in.readLong();
        a.logLossSum = in.readDouble();
        a.brierSum = in.readDouble();
        readLongs(in, a.eceCount);
        readDoubles(in, a.eceScore);
        readLongs(in, a.ecePositives);
        int filled = in.readInt();
        if (filled >= 0) {
            a.aucPos = new int[AUC_BINS];
            a.aucNeg = new int[AUC_BINS];
            for (int j = 0; j < filled; j++) {
                int i = in.readShort();
                a.aucPos[i] = in.readInt();
                a.aucNeg[i] = in.readInt();
            }
        }
        a.regN = in.readLong();
        a.absSum = in.readDouble();
        a.sqSum = in.readDouble();
        a.errSum = in.readDouble();
        a.apeSum = in.readDouble();
        a.apeN = in.readLong();
        a.labelMean = in.readDouble();
        a.labelM2 = in.readDouble();
        a.mcN = in.readLong();
        a.mcCorrect = in.readLong();
        int k = in.readInt();
        for (int j = 0; j < k; j++) {
            int i = a.classOf(in.readUTF());
            a.classLabels[i] = in.readLong();
            a.classPredicted[i] = in.readLong();
            a.classCorrect[i] = in.readLong();
        }
        readLongs(in, a.mcEceCount);
        readDoubles(in, a.mcEceConfidence);
        readLongs(in, a.mcEceCorrect);
        int o = in.readInt();
        for (int j = 0; j < o; j++) {
            String name = in.readUTF();
            a.addOutcome(name, 0);
            int i = a.outcomeIndex.get(name);
            a.outcomeCount[i] = in.readLong();
            a.outcomeSum[i] = in.readDouble();
        }
        a.delays = DelayQuantiles.read(in);
        return a;
    }

    private static void writeLongs(DataOutput out, long[] v) throws IOException {
        for (long x : v) out.writeLong(x);
    }

    private static void writeDoubles(DataOutput out, double[] v) throws IOException {
        for (double x : v) out.writeDouble(x);
    }

    private static void readLongs(DataInput in, long[] v) throws IOException {
        for (int i = 0; i < v.length; i++) v[i] = in.readLong();
    }

    private static void readDoubles(DataInput in, double[] v) throws IOException {
        for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
    }
}
