package io.modelwatch.io;

import java.util.function.Consumer;

/**
 * Turns input chunks into good prediction records, the part every file-reading operator shares: splits a
 * chunk into lines, parses each, counts it in {@link PipelineCounts} and the task's {@link Progress}, sends a bad line (or
 * a read error) to the dead letters with its reason, file and line number, and skips good records outside
 * [from, to). What is left goes to the operator's {@link Handler}, with the reused record. Not thread-safe: one
 * per task.
 */
public final class RecordReader {

    /** Receives each good record in range; the record is reused for the next line. */
    @FunctionalInterface
    public interface Handler {
        void record(PredictionRecord record) throws Exception;
    }

    private final PredictionParser parser = new PredictionParser();
    private PipelineCounts counts;
    private final long fromMillis, toMillis;
    private final Consumer<String> deadLetters;
    private final Progress progress;
    private final RawLine.LineVisitor lineVisitor = this::line;
    private String source;
    private long byteOffset;
    private Handler handler;
    /** The line being handled, for {@link #late}. */
    private byte[] lineBytes;
    private int lineOffset, lineLength;
    private long lineNumber;

    /** {@code deadLetters} receives each dead letter as its JSON line. */
    public RecordReader(PipelineCounts counts, long fromMillis, long toMillis, Consumer<String> deadLetters,
                        Progress progress) {
        this.counts = counts;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.deadLetters = deadLetters;
        this.progress = progress;
    }

    public void read(RawLine chunk, Handler handler) throws Exception {
        if (chunk.readError != null) {
            counted();
            deadLetter(chunk.readError, chunk.source, chunk.lineNumber, chunk.byteOffset, null, 0, 0);
            return;
        }
        this.source = chunk.source;
        this.byteOffset = chunk.byteOffset;
        this.handler = handler;
        chunk.forEachLine(lineVisitor);
    }

    private void line(byte[] bytes, int offset, int length, long lineNumber) throws Exception {
        counted();
        String problem = parser.parse(bytes, offset, length);
        if (problem != null) {
            // Where a split cannot know line numbers, the line's byte offset in its file names it.
            if (byteOffset >= 0) deadLetter(problem, source, 0, byteOffset + offset, bytes, offset, length);
            else deadLetter(problem, source, lineNumber, -1, bytes, offset, length);
            return;
        }
        PredictionRecord r = parser.record();
        lineBytes = bytes;
        lineOffset = offset;
        lineLength = length;
        this.lineNumber = lineNumber;
        if (r.tsMillis < fromMillis || r.tsMillis >= toMillis) {
            counts.outOfRange++;
            return;
        }
        handler.record(r);
    }

    /**
     * Called by the handler: the record it was given is late for its window. It goes to the dead letters with
     * {@code reason} and counts as late, not as bad.
     */
    public void late(String reason) {
        counts.late++;
        deadLetters.accept(DeadLetter.json(reason, source, lineNumber, lineBytes, lineOffset, lineLength));
    }

    // ---- the good record being handled, for a handler that stores a copy of it (input-anomaly records) ----

    /** The raw bytes of the record being handled: {@link #lineBytes()}[{@link #lineOffset()}, + {@link #lineLength()}). */
    public byte[] lineBytes() {
        return lineBytes;
    }

    public int lineOffset() {
        return lineOffset;
    }

    public int lineLength() {
        return lineLength;
    }

    /** The file or topic-partition of the record being handled (null when not known). */
    public String source() {
        return source;
    }

    /** Its line number (Kafka: its offset), or -1 where a split cannot know it ({@link #byteOffset()} then). */
    public long lineNumber() {
        return byteOffset >= 0 ? -1 : lineNumber;
    }

    /** Where it starts in its file where line numbers cannot be known, else -1. */
    public long byteOffset() {
        return byteOffset >= 0 ? byteOffset + lineOffset : -1;
    }

    /** From now on, counts go to {@code counts} (a consumer took the previous ones). */
    public void countInto(PipelineCounts counts) {
        this.counts = counts;
    }

    private void counted() {
        counts.recordsIn++;
        progress.recordRead();
    }

    private void deadLetter(String reason, String source, long lineNumber, long byteOffset, byte[] bytes, int offset,
                            int length) {
        counts.badRecords++;
        progress.badRecord();
        deadLetters.accept(DeadLetter.json(reason, source, lineNumber, byteOffset, bytes, offset, length));
    }
}
