package io.modelwatch.influx;

import io.modelwatch.io.TextFileSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The seam between a job and where its points go: every job ends in {@code PointSinks.sinkTo(points, spec)}.
 */
public final class PointSinks {
    private PointSinks() {}

    public static void sinkTo(DataStream<Point> points, SinkSpec spec) {
        switch (spec.kind()) {
            case FILE:
                // One file, one writer: a job's points are few (one per feature and window).
                points.map(LineProtocol::format).name("line-protocol").uid("line-protocol").setParallelism(1)
                        .sinkTo(new TextFileSink(spec.file()))
                        .name("line-protocol-file")
                        .uid("sink-file")
                        .setParallelism(1);
                break;
            case INFLUX:
                // Startup check before the job exists: unreachable host, wrong credentials, missing database or
                // retention policy are one-line UsageExceptions here rather than a failing job.
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
}
