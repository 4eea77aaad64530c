package io.modelwatch.performance;

import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.io.RecordReader;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Parses prediction lines into what the label join needs ({@link JoinPrediction}), for a job that has no
 * drift parse to hang on ({@code reference --labels}). Bad lines are dropped here: the reference job that
 * runs beside it already dead-letters them.
 */
final class PredictionKeysOperator extends AbstractStreamOperator<JoinPrediction>
        implements OneInputStreamOperator<RawLine, JoinPrediction> {
    private static final long serialVersionUID = 1L;

    private final long fromMillis, toMillis;
    private transient RecordReader reader;
    private transient RecordReader.Handler handler;

    PredictionKeysOperator(long fromMillis, long toMillis) {
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        reader = new RecordReader(new PipelineCounts(), fromMillis, toMillis, deadLetter -> { },
                Progress.of(getRuntimeContext()));
        handler = r -> {
            if (r.requestId != null) output.collect(new StreamRecord<>(JoinPrediction.of(r), r.tsMillis));
        };
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        reader.read(element.getValue(), handler);
    }
}
