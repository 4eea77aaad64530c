package io.modelwatch.performance;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code reference --labels} needs to learn calibration maps, checked by the CLI; immutable.
 *
 * @param predictions the reference's prediction log files ({@link CalibrationJob#learn}; {@link CalibrationJob#build}
 *     takes its sources instead)
 * @param labels the label files, delay and performance settings
 * @param fromMillis the reference range's start
 * @param toMillis the reference range's end; labels are read up to {@code --label-delay} after it
 * @param parallelism task slots; 0 = Flink's default
 */
public record CalibrationConfig(List<Path> predictions, LabelConfig labels, long fromMillis, long toMillis,
                                int parallelism) {
    public CalibrationConfig {
        predictions = List.copyOf(predictions);
    }
}
