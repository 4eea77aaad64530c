package io.modelwatch.performance;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A pane's {@link PerformanceAccumulator} from one subtask, in its byte form, on its way to the keyed windows
 * of the stream. A Flink POJO.
 */
public final class PerformancePartial {
    public static final TypeInformation<PerformancePartial> TYPE = TypeInformation.of(PerformancePartial.class);

    public String model;
    public long paneStart;
    public byte[] state;

    public PerformancePartial() {}

    PerformancePartial(String model, long paneStart, PerformanceAccumulator a) {
        this.model = model;
        this.paneStart = paneStart;
        this.state = a.toBytes();
    }
}
