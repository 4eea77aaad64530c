package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keyed by series (measurement + tags: one host, or one GPU of one host). A thin wrapper: the logic is
 * {@link PointAssessor}; this keeps each metric's {@link MetricWindow} in keyed {@link MapState}. State of a
 * series that has sent nothing for a day expires, so machines that are gone do not stay in state forever.
 */
final class SensorStatusFunction extends KeyedProcessFunction<String, Point, Point> {
    private static final long serialVersionUID = 1L;

    public static final String UID = "sensor-status";
    static final Duration STATE_TTL = Duration.ofDays(1);

    private final Thresholds thresholds;
    private transient PointAssessor assessor;
    private transient MapState<String, MetricWindow> windows;
    private transient PointAssessor.History history;

    public SensorStatusFunction(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, MetricWindow> d =
                new MapStateDescriptor<>("metric-windows", Types.STRING, TypeInformation.of(MetricWindow.class));
        d.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
        windows = getRuntimeContext().getMapState(d);
        assessor = new PointAssessor(thresholds);
        history = new PointAssessor.History() {
            @Override
            public MetricWindow get(String field) throws Exception {
                return windows.get(field);
            }

            @Override
            public void put(String field, MetricWindow window) throws Exception {
                windows.put(field, window);
            }
        };
    }

    @Override
    public void processElement(Point point, Context ctx, Collector<Point> out) throws Exception {
        out.collect(assessor.assess(point, history));
    }
}
