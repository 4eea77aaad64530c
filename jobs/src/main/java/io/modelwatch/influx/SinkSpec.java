package io.modelwatch.influx;


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
    private final boolean createDatabase;
    private final String retentionPolicy;
    private final String deadLetter;
    private final String credentialsFile;

    private SinkSpec(Kind kind, String target) {
        this(kind, target, false, null, null, null);
    }

    private SinkSpec(Kind kind, String target, boolean createDatabase, String retentionPolicy, String deadLetter,
            String credentialsFile) {
        this.kind = kind;
        this.target = target;
        this.createDatabase = createDatabase;
        this.retentionPolicy = retentionPolicy;
        this.deadLetter = deadLetter;
        this.credentialsFile = credentialsFile;
    }

    /** InfluxDB only: create the database at startup when it is missing ({@code --influx-create-db}). */
    public SinkSpec withCreateDatabase(boolean create) {
        return new SinkSpec(kind, target, create, retentionPolicy, deadLetter, credentialsFile);
    }

    /** InfluxDB only: write into this retention policy instead of the database's default. */
    public SinkSpec withRetentionPolicy(String rp) {
        return new SinkSpec(kind, target, createDatabase, rp == null || rp.isEmpty() ? null : rp, deadLetter,
                credentialsFile);
    }

    /** Where rejected lines go (JSONL); null for {@link #defaultDeadLetterFile()}. */
    public SinkSpec withDeadLetter(Path path) {
        return new SinkSpec(kind, target, createDatabase, retentionPolicy, path == null ? null : path.toString(),
                credentialsFile);
    }

    /** InfluxDB only: a KEY=VALUE file with INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN. */
    public SinkSpec withCredentialsFile(Path path) {
        return new SinkSpec(kind, target, createDatabase, retentionPolicy, deadLetter,
                path == null ? null : path.toString());
    }

    public boolean createDatabase() {
        return createDatabase;
    }

    /** The retention policy to write into, or null for the database's default. */
    public String retentionPolicy() {
        return retentionPolicy;
    }

    public Path credentialsFile() {
        return credentialsFile == null ? null : Paths.get(credentialsFile);
    }

    /** The dead-letter file: the one given, else {@link #defaultDeadLetterFile()}. */
    /**
     * Where lines InfluxDB refuses go: beside the job's dead letters for bad input, with its own name, since the
     * two files are written by different operators.
     */
    public Path rejectedLinesFile() {
        Path dl = deadLetterFile();
        return dl.resolveSibling(dl.getFileName().toString().replaceFirst("(\\.jsonl)?$", "") + ".influx-rejected.jsonl");
    }

    public Path deadLetterFile() {
        return deadLetter != null ? Paths.get(deadLetter).toAbsolutePath() : defaultDeadLetterFile();
    }

    /** For INFLUX: scheme, host and port (and any path prefix before the database), e.g. http://h:8086. */
    public URI influxBaseUri() {
        URI uri = URI.create(target);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("/+$", "");
        String prefix = path.substring(0, path.lastIndexOf('/') + 1).replaceFirst("/+$", "");
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + prefix);
    }

    /** For INFLUX: the database, the last segment of the URL's path. */
    public String influxDatabase() {
        String path = URI.create(target).getPath().replaceFirst("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static SinkSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InfluxSetupException("--sink is empty; use file:PATH or influx:http://HOST:8086/DB");
        }
        if (spec.startsWith("file:")) {
            String path = spec.substring("file:".length());
            if (path.isEmpty()) throw new InfluxSetupException("--sink file: needs a path, e.g. file:out/points.lp");
            return new SinkSpec(Kind.FILE, path);
        }
        if (spec.startsWith("influx:")) {
            String url = spec.substring("influx:".length());
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new InfluxSetupException("--sink influx: '" + url + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InfluxSetupException("--sink influx: needs http(s)://HOST:PORT/DATABASE, got '" + url + "'");
            }
            String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
            if (db.isEmpty() || db.contains("/")) {
                throw new InfluxSetupException("--sink influx: the URL must end with the database name, e.g. "
                        + "influx:http://localhost:8086/modelwatch");
            }
            if (uri.getUserInfo() != null) {
                throw new InfluxSetupException("--sink influx: credentials do not belong in the URL; "
                        + "set INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN");
            }
            return new SinkSpec(Kind.INFLUX, url);
        }
        throw new InfluxSetupException("--sink '" + spec + "': use file:PATH or influx:http://HOST:8086/DB");
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
