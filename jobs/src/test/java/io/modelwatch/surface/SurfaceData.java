package io.modelwatch.surface;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.InfluxServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One real InfluxDB filled by the real jobs, shared by the tests of the analyst and operator surface
 * (notebooks, Grafana dashboard): started once per test JVM, closed when the run ends.
 *
 * <p>Twelve hourly windows ending one to two hours after now, two models with twelve numeric and four
 * categorical features: {@code generate} (errors at 6 % in hours 4-8, drift on num_000, num_003 and cat_00
 * from hour 6; labels with concept drift from hour 6: accuracy falls while no input moves), {@code reference
 * --labels} over the day before, {@code backfill --rules deploy/alerts/rules.yaml --slos deploy/alerts/slos.yaml
 * --labels} into database {@link #DB}, then {@code sensors} with a fake nvidia-smi (two GPUs) for host and gpu points
 * at the current time. {@link #DB_NO_GPU} holds the same points without the gpu measurement, as a
 * deployment without GPUs has.
 *
 * <pre>{@code @ExtendWith(SurfaceData.class) ... void test(SurfaceData data)}</pre>
 */
@SuppressWarnings("deprecation")
public final class SurfaceData implements ExtensionContext.Store.CloseableResource, AutoCloseable, ParameterResolver {
    public static final String DB = "modelwatch";
    public static final String DB_NO_GPU = "modelwatch_nogpu";
    public static final String HOST = "surface-host";
    public static final List<String> MODELS = List.of("fraud-scorer", "ranker");

    private InfluxServer influx;
    private Path dir;
    private Instant from;
    private Instant to;

    /** Repository root (tests run in jobs/). */
    public static Path root() {
        Path here = Paths.get("").toAbsolutePath();
        return Files.exists(here.resolve("notebooks")) ? here : here.getParent();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == SurfaceData.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SurfaceData.class, k -> new SurfaceData().fill(), SurfaceData.class);
    }

    public String influxUrl() {
        return influx.url();
    }

    public InfluxServer influx() {
        return influx;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public Path dir() {
        return dir;
    }

    private SurfaceData fill() {
        long started = System.nanoTime();
        try {
            dir = Paths.get("target", "surface-data").toAbsolutePath();
            deleteTree(dir);
            Files.createDirectories(dir);
            influx = new InfluxServer().start();
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            from = hour.minus(Duration.ofHours(10));
            to = hour.plus(Duration.ofHours(2));
            Instant errorsFrom = from.plus(Duration.ofHours(4)), errorsTo = from.plus(Duration.ofHours(8));
            String driftFrom = from.plus(Duration.ofHours(6)).toString();
            String rules = root().resolve("deploy/alerts/rules.yaml").toString();
            String slos = root().resolve("deploy/alerts/slos.yaml").toString();
            String sink = influx.sinkSpec(DB);

            run("generate", "--output", dir.resolve("logs/reference").toString(), "--models", String.join(",", MODELS),
                    "--features", "12", "--events", "4000", "--from", from.minus(Duration.ofDays(1)).toString(),
                    "--to", from.toString(), "--labels", dir.resolve("labels/reference").toString());
            Instant[] cuts = {from, errorsFrom, errorsTo, to};
            for (int i = 0; i < 3; i++) {
                run("generate", "--output", dir.resolve("logs/current-" + i).toString(), "--models",
                        String.join(",", MODELS), "--features", "12", "--events", "1500", "--from", cuts[i].toString(),
                        "--to", cuts[i + 1].toString(), "--drift", "num_000,num_003,cat_00", "--drift-from", driftFrom,
                        "--seed", Integer.toString(7 + i), "--error-rate", i == 1 ? "0.06" : "0.01",
                        "--labels", dir.resolve("labels/current-" + i).toString(), "--concept-drift-from", driftFrom);
            }
            run("reference", "--input", dir.resolve("logs/reference").toString(), "--output",
                    dir.resolve("snapshots").toString(), "--labels", dir.resolve("labels/reference").toString());
            run("backfill", "--input", dir.resolve("logs") + "/current-*/*.jsonl", "--reference",
                    dir.resolve("snapshots").toString(), "--from", from.toString(), "--to", to.toString(),
                    "--window", "1h", "--sink", sink, "--influx-create-db", "--rules", rules, "--slos", slos,
                    "--labels", dir.resolve("labels") + "/current-*/*.jsonl",
                    "--dead-letter", dir.resolve("dead-letter.jsonl").toString(),
                    "--anomalies", dir.resolve("anomalies.jsonl").toString());
            run("sensors", "--samples", "6", "--interval", "1s", "--host-name", HOST, "--nvidia-smi",
                    fakeNvidiaSmi().toString(), "--sink", sink, "--rules", rules,
                    "--dead-letter", dir.resolve("sensors-dead-letter.jsonl").toString());

            influx.createDatabase(DB_NO_GPU);
            influx.query(DB, "SELECT * INTO \"" + DB_NO_GPU + "\"..:MEASUREMENT FROM "
                    + "/^(feature_drift|model_drift|model_serving|model_performance|input_quality|multivariate_drift|alerts|host|pipeline|slo)$/ GROUP BY *");
            System.out.printf("surface data: %s to %s in %s in %.1f s%n", from, to, influx.url(),
                    (System.nanoTime() - started) / 1e9);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private static void run(String... args) {
        int rc = Main.execute(args);
        if (rc != 0) throw new IllegalStateException("modelwatch " + String.join(" ", args) + " exited with " + rc);
    }

    private Path fakeNvidiaSmi() throws IOException {
        Path s = dir.resolve("nvidia-smi");
        try (InputStream in = SurfaceData.class.getResourceAsStream("/surface/fake-nvidia-smi.sh")) {
            if (in == null) throw new IOException("no test resource surface/fake-nvidia-smi.sh");
            Files.copy(in, s, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(s, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        return s;
    }

    @Override
    public void close() {
        if (influx != null) influx.close();
        influx = null;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
