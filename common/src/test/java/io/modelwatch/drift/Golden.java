package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the golden files written by tools/golden/drift_golden.py (numpy/scipy values). */
final class Golden {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Golden() {}

    static JsonNode file(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/drift/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file /drift/" + name);
            }
            return MAPPER.readTree(in).get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> cases(String name) {
        List<JsonNode> out = new ArrayList<>();
        file(name).forEach(out::add);
        assertThat(out).as("golden cases in " + name).isNotEmpty();
        return out;
    }

    /** A JSON array of numbers; null is NaN. */
    static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).isNull() ? Double.NaN : node.get(i).asDouble();
        }
        return out;
    }

    static long[] longs(JsonNode node) {
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asLong();
        }
        return out;
    }

    /** A sample, stored as a list or as {"v": distinct values, "c": counts}; returned sorted. */
    static double[] sortedSample(JsonNode node) {
        double[] out;
        if (node.isArray()) {
            out = doubles(node);
        } else {
            double[] v = doubles(node.get("v"));
            long[] c = longs(node.get("c"));
            int n = 0;
            for (long k : c) {
                n += (int) k;
            }
            out = new double[n];
            int at = 0;
            for (int i = 0; i < v.length; i++) {
                Arrays.fill(out, at, at + (int) c[i], v[i]);
                at += (int) c[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    static double num(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    /** |actual - expected| <= max(rel * |expected|, abs). */
    static void assertClose(String what, double actual, double expected, double rel, double abs) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
            return;
        }
        double tol = Math.max(rel * Math.abs(expected), abs);
        assertThat(Math.abs(actual - expected))
                .as("%s: actual %s, expected %s, tolerance %s", what, actual, expected, tol)
                .isLessThanOrEqualTo(tol);
    }
}
