package io.modelwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * The JSON parse floor that benchmarks compare against (PLATFORM.md): Jackson's streaming parser with the fast
 * double parser, one parser per line, every number read as a double, nothing kept, one thread per file.
 */
final class ParseFloor {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private ParseFloor() {}

    /** Timed parses the median is taken over: one parse of 1-4 s moved by a third from run to run here. */
    static final int TIMED_RUNS = 3;

    /** One timed parse: wall seconds, this JVM's CPU seconds over it, and the numbers read. */
    record Timing(double seconds, double cpuSeconds, long numbers) {}

    /**
     * The floor as the benches report it: {@link #TIMED_RUNS} timed parses of every file, the one of median wall
     * time (with its own CPU time). A single parse of the bench's files (1-4 s) moved by a third from run to run
     * on this 2-core machine (docs/bench.md), more than the changes the benches were run to see.
     */
    static Timing median(List<Path> files, int threads) throws Exception {
        Timing[] runs = new Timing[TIMED_RUNS];
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime(), cpu0 = StreamBench.processCpuNanos();
            long numbers = parse(files, threads);
            runs[i] = new Timing((System.nanoTime() - t0) / 1e9, (StreamBench.processCpuNanos() - cpu0) / 1e9, numbers);
        }
        java.util.Arrays.sort(runs, java.util.Comparator.comparingDouble(Timing::seconds));
        return runs[runs.length / 2];
    }

    /** Parses every file; returns the count of numbers read (so the JIT cannot drop the work). */
    public static long parse(List<Path> files, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (Path f : files) futures.add(pool.submit(() -> parseFile(f)));
            long numbers = 0;
            for (Future<Long> fu : futures) numbers += fu.get();
            return numbers;
        } finally {
            pool.shutdownNow();
        }
    }

    static long parseFile(Path file) throws IOException {
        long numbers = 0;
        double sink = 0;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            byte[] line = new byte[1 << 16];
            int len = 0, n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        int part = i - start;
                        if (len + part > line.length) line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, len + part));
                        System.arraycopy(buf, start, line, len, part);
                        len += part;
                        try (JsonParser p = FACTORY.createParser(line, 0, len)) {
                            JsonToken t;
                            while ((t = p.nextToken()) != null) {
                                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                                    sink += p.getDoubleValue();
                                    numbers++;
                                }
                            }
                        }
                        len = 0;
                        start = i + 1;
                    }
                }
                int part = n - start;
                if (len + part > line.length) line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, len + part));
                System.arraycopy(buf, start, line, len, part);
                len += part;
            }
        }
        return sink == 42.4242 ? numbers + 1 : numbers;
    }
}
