package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert operator in real jobs on a MiniCluster, with the shipped default rules. */
class AlertsITCase {
    static final long MIN = 60_000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final AlertRules DEFAULT_RULES = AlertRules.load(RulesCheckTest.shippedRules());

    static Point serving(String model, long minute, double errorRate) {
        return Point.builder("model_serving").tag("model", model).tag("window", "1m")
                .intField("count", 120).field("error_rate", errorRate).field("latency_p99", 180.0)
                .field("confidence_mean", 0.83).timeMillis(minute * MIN).build();
    }

    /**
     * Forty minutes of one-minute serving figures: fraud has an error spike in minutes 10..19; scorer sends
     * nothing in minutes 20..29; ranker stops for good after minute 19.
     */
    static List<Point> scriptedServing() {
        List<Point> points = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            points.add(serving("fraud", m, m >= 10 && m < 20 ? 0.2 : 0.01));
            if (m < 20 || m >= 30) points.add(serving("scorer", m, 0.0));
            if (m < 20) points.add(serving("ranker", m, 0.0));
        }
        return points;
    }

    /** One watermark per point: event time as the points say, whatever the pace of the source. */
    static WatermarkStrategy<Point> watermarkPerPoint() {
        return WatermarkStrategy.<Point>forGenerator(ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(Point point, long timestamp, WatermarkOutput output) {
                output.emitWatermark(new Watermark(timestamp));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {}
        }).withTimestampAssigner((point, ts) -> point.timestampNanos / 1_000_000);
    }

    static String describe(Point alert) {
        return alert.tag("rule") + " " + alert.tag("severity") + " model=" + alert.tag("model") + " "
                + alert.string("state") + " at " + (alert.timestampNanos / 1_000_000 / MIN) + "m";
    }

    private static List<String> runScripted(RuntimeExecutionMode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        // one source subtask: each series in order, as a keyed window upstream delivers it
        env.setParallelism(1);
        DataStream<Point> points = env.fromData(scriptedServing())
                .assignTimestampsAndWatermarks(watermarkPerPoint());
        env.setParallelism(2);
        List<String> alerts = new ArrayList<>();
        Alerts.evaluate(points, DEFAULT_RULES).executeAndCollect().forEachRemaining(p -> alerts.add(describe(p)));
        return alerts;
    }

    @Test
    void anErrorSpikeAndASilenceGiveTheExpectedAlertsAndNoneElse() throws Exception {
        assertThat(runScripted(RuntimeExecutionMode.STREAMING)).containsExactlyInAnyOrder(
                "HighErrorRate P1 model=fraud firing at 15m",
                "HighErrorRate P1 model=fraud resolved at 20m",
                "AIServiceDown P0 model=scorer firing at 21m",
                "AIServiceDown P0 model=scorer resolved at 30m",
                "AIServiceDown P0 model=ranker firing at 21m");
    }

    @Test
    void inBatchModeSilencesAreFoundFromGapsAndTheEndOfInputIsNoAbsence() throws Exception {
        // ranker, silent from minute 20 to the end of the input, is not "absent" in a batch run: nothing
        // after its silence says the input went on without it for this key
        assertThat(runScripted(RuntimeExecutionMode.BATCH)).containsExactlyInAnyOrder(
                "HighErrorRate P1 model=fraud firing at 15m",
                "HighErrorRate P1 model=fraud resolved at 20m",
                "AIServiceDown P0 model=scorer firing at 21m",
                "AIServiceDown P0 model=scorer resolved at 30m");
    }

    // ---- restart from a checkpoint in the middle of a firing alert ----

    static final ConcurrentLinkedQueue<Point> COLLECTED = new ConcurrentLinkedQueue<>();

    @Test
    void aRestartFromACheckpointWhileFiringGivesNoSecondFiringAndStillResolves() throws Exception {
        COLLECTED.clear();
        FailOnceWhileFiring.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);

        // fraud: error spike from minute 10 to 34 -> fires at 15, resolves at 35; five points per checkpoint
        DataGeneratorSource<Point> source = new DataGeneratorSource<>(
                minute -> serving("fraud", minute, minute >= 10 && minute < 35 ? 0.2 : 0.01),
                45, RateLimiterStrategy.perCheckpoint(5), TypeInformation.of(Point.class));
        DataStream<Point> points = env.fromSource(source, WatermarkStrategy.noWatermarks(), "scripted-serving")
                .map(new FailOnceWhileFiring()).name("fail-once-while-firing");
        Alerts.evaluate(points, DEFAULT_RULES).sinkTo(new QueueSink());
        env.execute("alerts-restart");

        assertThat(FailOnceWhileFiring.failed).as("the job failed and restarted once").isTrue();
        assertThat(COLLECTED.stream().map(AlertsITCase::describe)).containsExactly(
                "HighErrorRate P1 model=fraud firing at 15m",
                "HighErrorRate P1 model=fraud resolved at 35m");
    }

    /**
     * Passes points on; once a checkpoint that saw the firing (minute 15 on) but not the resolution (35)
     * completes, fails the job at the next point, once.
     */
    static final class FailOnceWhileFiring extends RichMapFunction<Point, Point>
            implements CheckpointedFunction, CheckpointListener {
        static volatile boolean armed;
        static volatile boolean failed;
        private final Map<Long, Long> minuteAtCheckpoint = new ConcurrentHashMap<>();
        private long lastMinute = -1;

        static void reset() {
            armed = false;
            failed = false;
        }

        @Override
        public Point map(Point point) {
            lastMinute = point.timestampNanos / 1_000_000 / MIN;
            if (armed && !failed) {
                failed = true;
                throw new IllegalStateException("injected failure at minute " + lastMinute);
            }
            return point;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            minuteAtCheckpoint.put(context.getCheckpointId(), lastMinute);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Long minute = minuteAtCheckpoint.get(checkpointId);
            if (minute != null && minute >= 15 && minute < 30) armed = true;
        }
    }

    static final class QueueSink implements Sink<Point> {
        @Override
        public SinkWriter<Point> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Point point, Context ctx) {
                    COLLECTED.add(point);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
