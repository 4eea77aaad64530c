package io.modelwatch.influx;

import io.modelwatch.cli.UsageException;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The seam between a job and where its points go: every job ends in {@code PointSinks.sinkTo(points, spec)}.
 */
public final class PointSinks {
    private PointSinks() {}

    public static void sinkTo(DataStream<Point> points, SinkSpec spec) {
        switch (spec.kind()) {
            case FILE:
                points.sinkTo(new LineProtocolFileSink(spec.file()))
                        .name("line-protocol-file")
                        .uid("sink-file")
                        .setParallelism(1);
                break;
            case INFLUX:
                throw new UsageException("--sink influx: is not available in this build yet; use --sink file:PATH");
            default:
                throw new IllegalStateException(spec.toString());
        }
    }
}
