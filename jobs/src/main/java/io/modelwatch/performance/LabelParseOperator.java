package io.modelwatch.performance;

import io.modelwatch.io.DeadLetter;
import io.modelwatch.io.LabelParser;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.RawLine;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;

/**
 * Parses label lines (section 1b) with one reused {@link LabelParser}: good labels in [from, to) go on as
 * {@link JoinLabel}s (timestamped with their time), bad ones to the dead letters with their reason, file and
 * line; at the end of input this subtask's counts ({@code labels_in}, bad records) go to {@link #COUNTS}.
 */
final class LabelParseOperator extends AbstractStreamOperator<JoinLabel>
        implements OneInputStreamOperator<RawLine, JoinLabel>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("label-dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("label-counts") {};

    private final long fromMillis, toMillis;
    private transient LabelParser parser;
    private transient PipelineCounts counts;
    private transient String source;
    private transient RawLine.LineVisitor visitor;

    /** Labels outside [fromMillis, toMillis) are read and left out. */
    public LabelParseOperator(long fromMillis, long toMillis) {
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        parser = new LabelParser();
        counts = new PipelineCounts();
        visitor = this::line;
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        RawLine chunk = element.getValue();
        if (chunk.readError != null) {
            counts.badRecords++;
            output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.json(chunk.readError, chunk.source,
                    chunk.lineNumber, null, 0, 0)));
            return;
        }
        source = chunk.source;
        chunk.forEachLine(visitor);
    }

    private void line(byte[] bytes, int offset, int length, long lineNumber) {
        String problem = parser.parse(bytes, offset, length);
        if (problem != null) {
            counts.badRecords++;
            output.collect(DEAD_LETTERS, new StreamRecord<>(
                    DeadLetter.json("label: " + problem, source, lineNumber, bytes, offset, length)));
            return;
        }
        long ts = parser.record().tsMillis;
        if (ts < fromMillis || ts >= toMillis) {
            counts.outOfRange++;
            return;
        }
        counts.labelsIn++;
        JoinLabel l = JoinLabel.of(parser.record(), source, lineNumber,
                new String(bytes, offset, length, StandardCharsets.UTF_8));
        output.collect(new StreamRecord<>(l, ts));
    }

    @Override
    public void processWatermark(org.apache.flink.streaming.api.watermark.Watermark mark) throws Exception {
        // a stream never ends: its counts go out as event time moves (the backfill's only at the end)
        if (counts.labelsIn > 0 || counts.badRecords > 0) {
            output.collect(COUNTS, new StreamRecord<>(counts));
            counts = new PipelineCounts();
        }
        super.processWatermark(mark);
    }

    @Override
    public void endInput() {
        output.collect(COUNTS, new StreamRecord<>(counts));
        counts = new PipelineCounts();
    }
}
