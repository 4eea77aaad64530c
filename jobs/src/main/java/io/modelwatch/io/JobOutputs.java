package io.modelwatch.io;

import io.modelwatch.influx.Point;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;

/**
 * What a drift job's graph ends in before its sinks, so that tests can collect it: the points and the dead
 * letters. Also the configuration every modelwatch job starts from.
 */
public final class JobOutputs {
    public final DataStream<Point> points;
    public final DataStream<String> deadLetters;

    public JobOutputs(DataStream<Point> points, DataStream<String> deadLetters) {
        this.points = points;
        this.deadLetters = deadLetters;
    }

    /**
     * Generic types off (every type on the wire and in state has a real serializer, never Kryo) and object reuse
     * on (no operator keeps a reference to its input records). On the embedded Flink, heartbeats every second
     * instead of 10 s: they carry a running job's accumulators, the CLI's progress lines ({@link JobProgress}); a
     * cluster keeps its own setting.
     */
    public static Configuration baseConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        return conf;
    }
}
