package io.modelwatch.influx;

import io.modelwatch.io.CheckpointedFileSink;
import io.modelwatch.io.TextFileSink;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.nio.file.Path;

/**
 * The seam between a job and where its outputs go: every job ends in {@code PointSinks.sinkTo(points, spec)}
 * and {@code PointSinks.deadLettersTo(lines, file)}. A job without checkpoints (the backfill, a bounded sensors
 * run) writes a file whole; a job with checkpoints (the stream, an unbounded sensors run) appends to it and
 * cuts it back to its last checkpoint after a failure ({@link CheckpointedFileSink}), so a restarted job
 * writes no line twice. The uids are the stream's since its first release: its savepoints map.
 */
public final class PointSinks {
    private PointSinks() {}

    public static void sinkTo(DataStream<Point> points, SinkSpec spec) {
        switch (spec.kind()) {
            case FILE:
                // One file, one writer: a job's points are few (one per feature and window).
                if (checkpointed(points)) {
                    points.sinkTo(new CheckpointedFileSink<>(spec.file(), CheckpointedFileSink.LINE_PROTOCOL))
                            .name("line-protocol-file").uid("sink-file").setParallelism(1);
                } else {
                    points.map(LineProtocol::format).name("line-protocol").uid("line-protocol").setParallelism(1)
                            .sinkTo(new TextFileSink(spec.file()))
                            .name("line-protocol-file")
                            .uid("sink-file")
                            .setParallelism(1);
                }
                break;
            case INFLUX:
                // Startup check before the job exists: unreachable host, wrong credentials, missing database or
                // retention policy are one-line InfluxSetupExceptions here rather than a failing job.
                InfluxCredentials credentials = InfluxCredentials.resolve(System.getenv(), spec.credentialsFile());
                InfluxClient.forSpec(spec, credentials).checkReady(spec.createDatabase());
                points.sinkTo(InfluxSink.builder().setSpec(spec, credentials).build())
                        .name("influxdb")
                        .uid("sink-influx");
                break;
            default:
                throw new IllegalStateException(spec.toString());
        }
    }

    /** Dead letters (one JSON line each) to one file. */
    public static void deadLettersTo(DataStream<String> deadLetters, Path file) {
        if (checkpointed(deadLetters)) {
            deadLetters.sinkTo(new CheckpointedFileSink<>(file, CheckpointedFileSink.TEXT))
                    .name("dead-letters").uid("sink-dead-letters").setParallelism(1);
        } else {
            deadLetters.sinkTo(new TextFileSink(file)).name("dead-letters").uid("sink-dead-letters")
                    .setParallelism(1);
        }
    }

    private static boolean checkpointed(DataStream<?> stream) {
        return stream.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled();
    }
}
