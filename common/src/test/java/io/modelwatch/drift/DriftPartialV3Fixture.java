package io.modelwatch.drift;

import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A deterministic partial whose v3 bytes cover every width the sparse cells take: on a grid of 1000, one feature
 * with nearly all its 1999 cells filled (a count of two varint bytes), one with a cell of 20,000 values (three
 * bytes), one of a few values, one empty. {@code main} writes its bytes, whole and as 2 shards, to
 * src/test/resources/drift/v3/ (written by the code of 742d58f, before the one-pass sparse writer);
 * DriftPartialV3BytesTest checks that today's code writes the very same bytes.
 */
final class DriftPartialV3Fixture {
    private DriftPartialV3Fixture() {}

    static DriftPartial partial() {
        int g = 1000;
        double[] q = new double[g + 1];
        for (int i = 0; i <= g; i++) q[i] = i * 0.5;
        long[] cells = new long[2 * g - 1];
        List<NumericReference> numeric = new java.util.ArrayList<>();
        for (String name : new String[] {"a", "b", "c", "d"}) {
            numeric.add(new NumericReference(name, 1000, 0, 0, 250.0, 144.0, 0, 500, q, cells, new double[0]));
        }
        Snapshot s = new Snapshot("m", 0, 3_600_000, 1000, g, 0, numeric, List.of());
        DriftPartial p = DriftPartial.forWindow(s, 3_600_000, 7_200_000, false);
        for (int k = 0; k < 20_000; k++) {
            p.updateRecord();
            p.updateNumeric(0, PredictionRecord.NUMBER, (k % 4000) * 0.125 - 1);
            p.updateNumeric(1, PredictionRecord.NUMBER, k % 7 == 0 ? k * 0.01 : 42.0);
            if (k % 400 == 0) p.updateNumeric(2, PredictionRecord.NUMBER, k * 0.001);
        }
        p.addOutOfRange(0, 3);
        return p;
    }

    static byte[] whole() throws Exception {
        return partial().toBytes();
    }

    static byte[] shard(int s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            partial().writeShardTo(out, 2, s);
        }
        return b.toByteArray();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.write(dir.resolve("whole.bin"), whole());
        Files.write(dir.resolve("shard-0-of-2.bin"), shard(0));
        Files.write(dir.resolve("shard-1-of-2.bin"), shard(1));
    }
}
