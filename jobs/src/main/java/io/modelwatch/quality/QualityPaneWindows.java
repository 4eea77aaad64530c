package io.modelwatch.quality;

import io.modelwatch.stream.PaneWindows;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The stream's sliding windows of {@link QualityCounts}, from panes, keyed by model (as the serving figures). */
final class QualityPaneWindows extends PaneWindows<QualityCounts> {
    private static final long serialVersionUID = 1L;

    QualityPaneWindows(long window, long slide, long lateness) {
        super(window, slide, lateness, TypeInformation.of(QualityCounts.class));
    }

    @Override
    protected long paneStart(QualityCounts q) {
        return q.windowStart;
    }

    @Override
    protected long version(QualityCounts q) {
        return q.version;
    }

    @Override
    protected QualityCounts merge(QualityCounts a, QualityCounts b) {
        return a.merge(b);
    }

    @Override
    protected void setWindow(QualityCounts q, long start, long end) {
        q.windowStart = start;
        q.windowEnd = end;
    }
}
