package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Arrays of numbers (embeddings, contract 3d) are read unboxed into the record's one buffer; others stay OTHER. */
class PredictionParserArrayTest {

    private static PredictionRecord parse(PredictionParser p, String line) {
        assertThat(p.parse(line.getBytes(StandardCharsets.UTF_8))).isNull();
        return p.record();
    }

    private static double[] array(PredictionRecord r, int k) {
        int off = r.featureArrayOffset[k], len = r.featureArrayLength[k];
        return Arrays.copyOfRange(r.arrayValues, off, off + len);
    }

    @Test
    void arraysOfNumbersKeepTheirValuesOthersDoNot() {
        PredictionParser p = new PredictionParser();
        PredictionRecord r = parse(p, "{\"ts\":1,\"model\":\"m\",\"features\":{\"e\":[1,2.5,-3e2],\"x\":4,"
                + "\"bad\":[1,\"a\",[2]],\"empty\":[],\"f\":[NaN,7]}}");
        assertThat(r.featureCount).isEqualTo(5);
        assertThat(r.featureKinds[0]).isEqualTo(PredictionRecord.OTHER);
        assertThat(array(r, 0)).containsExactly(1, 2.5, -300);
        assertThat(r.featureArrayLength[1]).isEqualTo(-1); // a number
        assertThat(r.featureNumbers[1]).isEqualTo(4);
        assertThat(r.featureKinds[2]).isEqualTo(PredictionRecord.OTHER);
        assertThat(r.featureArrayLength[2]).isEqualTo(-1); // not all numbers
        assertThat(array(r, 3)).isEmpty();
        assertThat(array(r, 4)[0]).isNaN();
        assertThat(array(r, 4)[1]).isEqualTo(7);
        // the buffer is reused: the next record starts at 0 again
        r = parse(p, "{\"ts\":1,\"model\":\"m\",\"features\":{\"e\":[9]}}");
        assertThat(r.featureArrayOffset[0]).isZero();
        assertThat(array(r, 0)).containsExactly(9);
    }

    @Test
    void longArraysGrowTheBuffer() {
        StringBuilder b = new StringBuilder("{\"ts\":1,\"model\":\"m\",\"features\":{\"e\":[");
        for (int i = 0; i < 768; i++) b.append(i > 0 ? "," : "").append(i * 0.5);
        b.append("]}}");
        PredictionRecord r = parse(new PredictionParser(), b.toString());
        double[] e = array(r, 0);
        assertThat(e).hasSize(768);
        assertThat(e[767]).isEqualTo(383.5);
    }
}
