package io.modelwatch.multivariate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fit's errors in blocks of rows ({@code errors}) against one row at a time ({@code error}), bit for bit. */
class ReconstructionErrorsTest {

    @Test
    void blockErrorsEqualRowErrorsBitForBit() {
        // more rows than features (a whole basis, the discarded components kept), fewer (kept only), few
        // correlated factors (few components kept); row counts not a multiple of the block; missing values
        ReconstructionModel whole = check(40, 203, 0);
        // the first goes through the discarded components (fewer than the kept), the others through the kept
        assertThat(whole.projectionRows()).isLessThan(whole.components());
        assertThat(check(60, 21, 0).projectionRows()).isEqualTo(check(60, 21, 0).components());
        check(30, 97, 3);
    }

    private static ReconstructionModel check(int features, int rows, int factors) {
        Random random = new Random(features * 31L + rows);
        String[] names = new String[features];
        for (int j = 0; j < features; j++) names[j] = "f" + j;
        double[][] sample = new double[rows][features];
        for (double[] row : sample) {
            double[] latent = new double[Math.max(1, factors)];
            for (int l = 0; l < latent.length; l++) latent[l] = random.nextGaussian();
            for (int j = 0; j < features; j++) {
                row[j] = factors > 0 ? latent[j % factors] * (1 + j * 0.1) + 0.05 * random.nextGaussian() : random.nextGaussian() * (1 + j);
                if (random.nextInt(50) == 0) row[j] = Double.NaN;
            }
        }
        double[] mean = new double[features], std = new double[features];
        for (int j = 0; j < features; j++) {
            mean[j] = 0.1 * j;
            std[j] = 1 + 0.5 * j;
        }
        long[] chunks = new long[rows];
        for (int i = 0; i < rows; i++) chunks[i] = i / 10;
        ReconstructionModel m = ReconstructionModel.fit(names, mean, std, sample, chunks, 2);
        assertThat(m.components()).isBetween(1, features - 1);
        double[] block = m.errors(sample);
        double[] scratch = m.scratch();
        for (int i = 0; i < rows; i++) {
            assertThat(Double.doubleToRawLongBits(block[i]))
                    .as("row %d of %d (%d features)", i, rows, features)
                    .isEqualTo(Double.doubleToRawLongBits(m.error(sample[i], scratch)));
        }
        assertThat(java.util.Arrays.stream(block).max().orElse(0)).isGreaterThan(0);
        return m;
    }
}
