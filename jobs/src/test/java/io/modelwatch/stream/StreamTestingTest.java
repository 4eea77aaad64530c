package io.modelwatch.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The duplicate check of the stream tests sees a window written twice, which the points map cannot. */
class StreamTestingTest {

    @Test
    void aSeriesAndTimeWrittenTwiceIsADuplicateEvenWithOtherTagOrderOrFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.lp");
        Files.writeString(file, String.join("\n",
                "model_drift,model=a,window=1m features=2i,drifted=0i 1764064860000000000",
                "model_drift,model=a,window=1m features=2i,drifted=0i 1764064920000000000",
                "model_drift,window=1m,model=a features=2i,drifted=1i 1764064860000000000", // W1 again
                "model_serving,model=a,window=1m count=10i 1764064860000000000",
                "model_serving,model=b,window=1m count=10i 1764064860000000000",
                "pipeline,job=stream records_in=1i 1764064860000000000",
                "pipeline,job=stream records_in=2i 1764064860000000000", // not a figure: not counted
                ""));
        assertThat(StreamTesting.points(file, StreamTesting.FIGURES)).hasSize(4); // the map keeps one of the two
        assertThat(StreamTesting.duplicates(file, StreamTesting.FIGURES))
                .isEqualTo(Map.of("model_drift{model=a, window=1m} @1764064860000000000", 2));
        assertThat(StreamTesting.duplicates(file, Set.of("model_serving"))).isEmpty();
    }
}
