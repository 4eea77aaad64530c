package io.modelwatch.quality;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The {@code input_quality} points of both jobs, from the per-window counts the pre-aggregation's tap sends out. */
public final class Quality {
    private Quality() {}

    /** Backfill: the subtasks' counts of a model and window summed. */
    public static DataStream<Point> backfill(DataStream<QualityCounts> counts, String windowTag) {
        return counts
                .keyBy(q -> q.model + '\u0000' + q.windowStart)
                .reduce(QualityCounts::merge).name("merge-input-quality").uid("merge-input-quality")
                .map(q -> QualityPoints.toPoint(q, windowTag)).returns(TypeInformation.of(Point.class))
                .name("input-quality").uid("input-quality");
    }

    /** Stream: the panes of a model merged into each sliding window at its end, as the serving figures are. */
    public static DataStream<Point> stream(DataStream<QualityCounts> counts, long window, long slide, long lateness,
                                           String windowTag) {
        return counts
                .keyBy(q -> q.model)
                .process(new QualityPaneWindows(window, slide, lateness), TypeInformation.of(QualityCounts.class))
                .name("input-quality-pane-windows").uid("input-quality-pane-windows")
                .map(q -> QualityPoints.toPoint(q, windowTag)).returns(TypeInformation.of(Point.class))
                .name("input-quality").uid("input-quality");
    }
}
