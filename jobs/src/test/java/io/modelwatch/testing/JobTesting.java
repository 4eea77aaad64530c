package io.modelwatch.testing;

import io.modelwatch.influx.LineProtocol;
import io.modelwatch.influx.Point;
import io.modelwatch.io.RawLine;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The small pieces of a job's {@code fromData} + collect test: lines in, points out as parsed line protocol. */
public final class JobTesting {
    private JobTesting() {}

    /** The lines of the .jsonl files of a folder (name order), or of one file, each as a one-line RawLine. */
    public static List<RawLine> rawLines(Path dirOrFile) throws IOException {
        List<Path> files;
        if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> s = Files.list(dirOrFile)) {
                files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().collect(Collectors.toList());
            }
        } else {
            files = List.of(dirOrFile);
        }
        List<RawLine> out = new ArrayList<>();
        for (Path f : files) {
            long n = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                out.add(new RawLine(f.getFileName().toString(), ++n, b, b.length));
            }
        }
        return out;
    }

    /** A bounded source of {@code lines} in {@code env}. */
    public static DataStream<RawLine> source(StreamExecutionEnvironment env, List<RawLine> lines) {
        return source(env, lines, "test-lines");
    }

    /** A bounded source of {@code lines} in {@code env}, named (and uid'd) {@code name}: one name per source. */
    public static DataStream<RawLine> source(StreamExecutionEnvironment env, List<RawLine> lines, String name) {
        return env.fromData(lines, TypeInformation.of(RawLine.class)).name(name).uid(name);
    }

    /** Runs the job that ends in {@code points} and returns them as line protocol, parsed back. */
    public static List<LineProtocolReader.Line> collect(DataStream<Point> points) throws Exception {
        List<LineProtocolReader.Line> out = new ArrayList<>();
        try (CloseableIterator<Point> it = points.executeAndCollect("test")) {
            while (it.hasNext()) out.add(LineProtocolReader.parse(LineProtocol.format(it.next())));
        }
        return out;
    }
}
