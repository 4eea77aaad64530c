package io.modelwatch.multivariate;

import io.modelwatch.influx.Point;
import io.modelwatch.stream.PaneWindows;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The stream's sliding windows of {@link ReconstructionPartial}, from the panes the pre-aggregation wrote,
 * keyed by model (as the serving figures); a window is made of its panes of one reference version.
 */
public final class MultivariatePaneWindows extends PaneWindows<ReconstructionPartial> {
    private static final long serialVersionUID = 1L;

    MultivariatePaneWindows(long window, long slide, long lateness) {
        super(window, slide, lateness, ReconstructionPartialSerializer.TYPE);
    }

    @Override
    protected long paneStart(ReconstructionPartial p) {
        return p.windowStart();
    }

    @Override
    protected long version(ReconstructionPartial p) {
        return p.version();
    }

    @Override
    protected ReconstructionPartial merge(ReconstructionPartial a, ReconstructionPartial b) {
        return a.merge(b);
    }

    @Override
    protected void setWindow(ReconstructionPartial p, long start, long end) {
        p.relabel(start, end);
    }

    /** The {@code multivariate_drift} points of the stream's windows. */
    public static DataStream<Point> stream(DataStream<ReconstructionPartial> panes, long window, long slide,
                                           long lateness, String windowTag) {
        return panes
                .keyBy(ReconstructionPartial::model)
                .process(new MultivariatePaneWindows(window, slide, lateness), ReconstructionPartialSerializer.TYPE)
                .name("multivariate-pane-windows").uid("multivariate-pane-windows")
                .map(p -> MultivariateFigures.toPoint(p, windowTag)).returns(TypeInformation.of(Point.class))
                .name("multivariate-drift").uid("multivariate-drift");
    }
}
