package io.modelwatch.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Executes every notebook under notebooks/ headless ({@code jupyter nbconvert --to notebook --execute}, the
 * Debian python3 kernel) against the InfluxDB that {@link SurfaceData} filled with real jobs, once with
 * GPU points and once without. Fails when a cell fails, a figure is missing or not a PNG, a figure plots
 * nothing, or an axes is empty without saying why. The executed notebooks and their figures stay under
 * jobs/target/notebooks/ for a person to look at.
 */
@ExtendWith(SurfaceData.class)
class NotebooksITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNotebookRunsAgainstTheBackfilledInfluxAndDrawsEveryFigure(SurfaceData data) throws Exception {
        List<Path> notebooks = notebooks();
        assertThat(notebooks).extracting(p -> p.getFileName().toString())
                .contains("drift_overview.ipynb", "serving_gpu.ipynb");
        for (Path nb : notebooks) {
            JsonNode record = execute(data, nb, SurfaceData.DB);
            assertFiguresDrawn(record);
        }
        JsonNode serving = JSON.readTree(SurfaceData.root().resolve("jobs/target/notebooks/" + SurfaceData.DB
                + "/serving_gpu/figures.json").toFile());
        JsonNode gpuAxes = axes(serving, "latency_vs_gpu", "GPU utilisation (%)");
        assertThat(gpuAxes.path("data").asInt()).as("GPU utilisation plotted").isPositive();
        assertThat(axes(serving, "alerts_timeline", null).path("data").asInt())
                .as("alert bars: HighErrorRate for both models, DataDriftDetected on the drifted features")
                .isGreaterThanOrEqualTo(4);
        // the performance cell: realised accuracy (backfill --labels) and the estimate (reference --labels)
        JsonNode drift = JSON.readTree(SurfaceData.root().resolve("jobs/target/notebooks/" + SurfaceData.DB
                + "/drift_overview/figures.json").toFile());
        assertThat(axes(drift, "performance", null).path("data").asInt()).as("accuracy points plotted")
                .isGreaterThanOrEqualTo(2 * 6);
        // the input-quality cell (issue 16): the anomalous-record rate of both models, the features behind it
        assertThat(axes(drift, "input_quality", null).path("data").asInt()).as("anomalous-rate points plotted")
                .isGreaterThanOrEqualTo(2 * 6);
        // the SLO cell: burn rates of the availability SLO (--slos in SurfaceData's backfill) and its budget
        assertThat(axes(serving, "slo_burn", null).path("data").asInt()).as("burn-rate points plotted").isGreaterThan(100);
    }

    @Test
    void withoutGpuPointsTheNotebooksSaySoInsteadOfFailing(SurfaceData data) throws Exception {
        for (Path nb : notebooks()) {
            JsonNode record = execute(data, nb, SurfaceData.DB_NO_GPU);
            assertFiguresDrawn(record);
        }
        JsonNode serving = JSON.readTree(SurfaceData.root().resolve("jobs/target/notebooks/" + SurfaceData.DB_NO_GPU
                + "/serving_gpu/figures.json").toFile());
        JsonNode scatter = axes(serving, "latency_vs_gpu", "p99 latency against GPU utilisation");
        assertThat(scatter.path("data").asInt()).isZero();
        assertThat(scatter.path("note").asText()).startsWith("No gpu points between");
    }

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(SurfaceData.root().resolve("notebooks"))) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    /** Runs one notebook with the parameters from the environment; returns its figures.json. */
    private static JsonNode execute(SurfaceData data, Path notebook, String database) throws Exception {
        String name = notebook.getFileName().toString().replace(".ipynb", "");
        Path out = SurfaceData.root().resolve("jobs/target/notebooks").resolve(database);
        Path figures = out.resolve(name);
        SurfaceData.deleteTree(figures);
        Files.createDirectories(figures);
        List<String> cmd = new ArrayList<>(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=120", "--output-dir", out.toString(), notebook.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        // Debian's python3 and jupyter (python3-pandas, python3-influxdb, ...), not a pyenv python on PATH.
        env.put("PATH", "/usr/bin:/bin:" + env.getOrDefault("PATH", ""));
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("INFLUX_URL", data.influxUrl());
        env.put("INFLUX_DB", database);
        env.put("FROM", data.from().toString());
        env.put("TO", data.to().toString());
        env.put("OUTPUT_DIR", figures.toString());
        env.put("ANOMALIES", data.dir().resolve("anomalies.jsonl").toString());
        env.remove("MODEL");
        long started = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jupyter (" + e.getMessage() + "): bin/test installs it with "
                    + "apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas "
                    + "python3-matplotlib python3-influxdb", e);
        }
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(notebook + " did not finish in 240 s; see " + out.resolve(name + ".log"));
        }
        String log = Files.readString(out.resolve(name + ".log"));
        System.out.printf("%s against %s: exit %d in %.1f s%n", name, database, p.exitValue(),
                (System.nanoTime() - started) / 1e9);
        if (p.exitValue() != 0) {
            fail(notebook.getFileName() + " failed against " + database + " (executed copy in " + out + "):\n"
                    + tail(log, 4000));
        }
        JsonNode executed = JSON.readTree(out.resolve(name + ".ipynb").toFile());
        for (JsonNode cell : executed.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                assertThat(o.path("output_type").asText()).as("an error output in " + name).isNotEqualTo("error");
            }
        }
        Path record = figures.resolve("figures.json");
        assertThat(record).as(name + " wrote figures.json (mwnb.Figures.finish)").exists();
        return JSON.readTree(record.toFile());
    }

    private static void assertFiguresDrawn(JsonNode record) throws IOException {
        String nb = record.path("notebook").asText();
        assertThat(record.path("figures").size()).as(nb + " figures").isGreaterThanOrEqualTo(3);
        for (JsonNode f : record.path("figures")) {
            String name = nb + "/" + f.path("figure").asText();
            Path png = Path.of(f.path("file").asText());
            assertThat(png).as(name).exists();
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as(name + " PNG size").isGreaterThan(10_000);
            assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).as(name).isEqualTo("PNG");
            int total = 0;
            for (JsonNode a : f.path("axes")) {
                total += a.path("data").asInt();
                assertThat(a.path("data").asInt() > 0 || !a.path("note").isNull())
                        .as(name + " axes '" + a.path("title").asText() + "' plots data or says why not").isTrue();
            }
            assertThat(total).as(name + " plots data").isPositive();
        }
    }

    private static JsonNode axes(JsonNode record, String figure, String title) {
        for (JsonNode f : record.path("figures")) {
            if (!f.path("figure").asText().equals(figure)) continue;
            for (JsonNode a : f.path("axes")) {
                if (title == null || a.path("title").asText().equals(title)) return a;
            }
        }
        throw new AssertionError("no axes '" + title + "' in figure " + figure + ": " + record);
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }
}
