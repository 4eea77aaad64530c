package io.modelwatch.influx;

import io.modelwatch.cli.UsageException;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where a job's points go, as {@code --sink} names it (contract section 5): {@code file:PATH} (line protocol
 * to a file, or to {@code PATH/points.lp} when PATH is a directory) or {@code influx:http://HOST:8086/DB}
 * (InfluxDB's v1 {@code /write}).
 */
public final class SinkSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { FILE, INFLUX }

    private final Kind kind;
    private final String target;

    private SinkSpec(Kind kind, String target) {
        this.kind = kind;
        this.target = target;
    }

    public static SinkSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new UsageException("--sink is empty; use file:PATH or influx:http://HOST:8086/DB");
        }
        if (spec.startsWith("file:")) {
            String path = spec.substring("file:".length());
            if (path.isEmpty()) throw new UsageException("--sink file: needs a path, e.g. file:out/points.lp");
            return new SinkSpec(Kind.FILE, path);
        }
        if (spec.startsWith("influx:")) {
            String url = spec.substring("influx:".length());
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--sink influx: '" + url + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--sink influx: needs http(s)://HOST:PORT/DATABASE, got '" + url + "'");
            }
            String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
            if (db.isEmpty() || db.contains("/")) {
                throw new UsageException("--sink influx: the URL must end with the database name, e.g. "
                        + "influx:http://localhost:8086/modelwatch");
            }
            if (uri.getUserInfo() != null) {
                throw new UsageException("--sink influx: credentials do not belong in the URL; "
                        + "set INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN");
            }
            return new SinkSpec(Kind.INFLUX, url);
        }
        throw new UsageException("--sink '" + spec + "': use file:PATH or influx:http://HOST:8086/DB");
    }

    public Kind kind() {
        return kind;
    }

    /** The file path (FILE) or the URL with the database as its path (INFLUX). */
    public String target() {
        return target;
    }

    /** For FILE: the file the points land in. */
    public Path file() {
        Path p = Paths.get(target);
        if (target.endsWith("/") || p.toFile().isDirectory()) return p.resolve("points.lp");
        return p;
    }

    /** A sibling path for dead letters when none is given: beside the sink's output. */
    public Path defaultDeadLetterFile() {
        if (kind == Kind.FILE) {
            Path f = file().toAbsolutePath();
            return f.resolveSibling(f.getFileName().toString().replaceFirst("\\.lp$", "") + ".dead-letter.jsonl");
        }
        return Paths.get("modelwatch-dead-letter.jsonl").toAbsolutePath();
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? "file:" + target : "influx:" + target;
    }
}
