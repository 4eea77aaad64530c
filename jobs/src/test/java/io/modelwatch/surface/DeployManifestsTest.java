package io.modelwatch.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelwatch.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every modelwatch command line in deploy/k8s/ (FlinkDeployment job args, container commands) and deploy/systemd/
 * (ExecStart) is parsed, without running, by the CLI's own parser ({@code new CommandLine(new Main()).parseArgs}):
 * a renamed or removed option fails here, not at 02:30 on a cluster. A command the parser does not have yet must
 * be listed as a known gap in docs/deploy.md; the test prints it loudly and checks nothing else about it.
 */
class DeployManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    record Invocation(String where, List<String> args) {
        String command() {
            return args.get(0);
        }
    }

    @Test
    void everyManifestArgumentListParsesWithTheCli() throws Exception {
        List<Invocation> all = invocations();
        Set<String> commands = new TreeSet<>();
        all.forEach(i -> commands.add(i.command()));
        assertThat(commands).as("commands the deployment runs").contains("stream", "sensors", "agent", "backfill");

        Set<String> known = new CommandLine(new Main()).getSubcommands().keySet();
        Set<String> missing = new TreeSet<>();
        int parsed = 0;
        for (Invocation i : all) {
            if (!known.contains(i.command())) {
                missing.add(i.command());
                System.out.println("KNOWN GAP: `" + i.command() + "` is not a command of io.modelwatch.cli.Main yet, so "
                        + i.where() + " (" + String.join(" ", i.args()) + ") is NOT checked; listed in docs/deploy.md");
                continue;
            }
            String[] args = local(i.args()).toArray(String[]::new);
            assertThatCode(() -> Main.commandLine(args).parseArgs(args))
                    .as(i.where() + ": modelwatch " + String.join(" ", i.args())).doesNotThrowAnyException();
            parsed++;
        }
        System.out.println("deploy manifests: " + parsed + " command lines parsed by the CLI, unchecked commands: " + missing);
        String gaps = knownGapsSection();
        for (String m : missing) {
            assertThat(gaps).as("docs/deploy.md lists the unchecked command `" + m + "` as a known gap").contains("`" + m + "`");
        }
        for (String k : known) {
            assertThat(gaps).as("`" + k + "` exists now: remove it from the known gaps in docs/deploy.md")
                    .doesNotContain("`" + k + "`");
        }
        assertThat(parsed).isGreaterThanOrEqualTo(3);
    }

    @Test
    void nightlySchedulesBackfillYesterday() throws Exception {
        List<Invocation> backfills = invocations().stream().filter(i -> i.command().equals("backfill")).toList();
        assertThat(backfills).extracting(Invocation::where)
                .anySatisfy(w -> assertThat(w).contains("backfill-nightly.yaml"))
                .anySatisfy(w -> assertThat(w).contains("modelwatch-backfill.service"));
        for (Invocation b : backfills) {
            // The options as the command sees them: its command line plus the --config file it names.
            String[] args = local(b.args()).toArray(String[]::new);
            CommandLine cl = Main.commandLine(args);
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            CommandLine.Model.CommandSpec backfill = parsed.subcommand().commandSpec();
            assertThat(backfill.findOption("--day").<String>getValue()).as(b.where()).isEqualTo("yesterday");
            assertThat(backfill.findOption("--sink").getValue().toString()).as(b.where()).startsWith("influx:");
            assertThat(String.join(" ", b.args())).as(b.where()).doesNotContain("INFLUX_PASSWORD");
        }
        String timer = Files.readString(SurfaceData.root().resolve("deploy/systemd/modelwatch-backfill.timer"));
        assertThat(timer).contains("OnCalendar=").contains("Unit=modelwatch-backfill.service").contains("Persistent=true");
    }

    @Test
    void theRulesConfigMapIsTheShippedRulesFile() throws Exception {
        Path root = SurfaceData.root();
        for (JsonNode doc : documents(root.resolve("deploy/k8s/00-base.yaml"))) {
            if (doc.path("kind").asText().equals("ConfigMap") && doc.path("metadata").path("name").asText().equals("modelwatch-rules")) {
                assertThat(doc.path("data").path("rules.yaml").asText())
                        .isEqualTo(Files.readString(root.resolve("deploy/alerts/rules.yaml")));
                return;
            }
        }
        throw new AssertionError("no ConfigMap modelwatch-rules in deploy/k8s/00-base.yaml");
    }

    @Test
    void theConfigConfigMapHoldsTheShippedConfigFilesAndTheNightlyJobUsesOne() throws Exception {
        Path root = SurfaceData.root();
        JsonNode data = null;
        for (JsonNode doc : documents(root.resolve("deploy/k8s/00-base.yaml"))) {
            if (doc.path("kind").asText().equals("ConfigMap") && doc.path("metadata").path("name").asText().equals("modelwatch-config")) {
                data = doc.path("data");
            }
        }
        assertThat(data).as("ConfigMap modelwatch-config in deploy/k8s/00-base.yaml").isNotNull();
        List<String> keys = new ArrayList<>();
        data.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).contains("backfill.yaml");
        for (String k : keys) {
            assertThat(data.path(k).asText()).as(k).isEqualTo(Files.readString(root.resolve("deploy/config").resolve(k)));
        }
        assertThat(invocations()).filteredOn(i -> i.where().contains("backfill-nightly.yaml"))
                .allSatisfy(i -> assertThat(i.args()).contains("--config"));
    }

    /**
     * The arguments with a {@code --config} file at its mount point ({@code /etc/modelwatch-config/F}, the
     * ConfigMap modelwatch-config) replaced by the repository's copy ({@code deploy/config/F}).
     */
    static List<String> local(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.startsWith(CONFIG_MOUNT) ? SurfaceData.root().resolve("deploy/config")
                    .resolve(a.substring(CONFIG_MOUNT.length())).toString() : a);
        }
        return out;
    }

    static final String CONFIG_MOUNT = "/etc/modelwatch-config/";

    // --- extraction ---

    static List<Invocation> invocations() throws IOException {
        Path root = SurfaceData.root();
        List<Invocation> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("deploy/k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : documents(f)) {
                    String where = root.relativize(f) + " " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
                    JsonNode job = doc.path("spec").path("job");
                    if (job.has("args")) {
                        assertThat(job.path("entryClass").asText()).as(where).isEqualTo(Main.class.getName());
                        out.add(new Invocation(where + " spec.job.args", strings(job.path("args"))));
                    }
                    collectCommands(doc, where, out);
                }
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("deploy/systemd"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".service")).sorted().toList()) {
                for (String exec : execStarts(Files.readString(f))) {
                    List<String> args = afterEntryPoint(shellWords(exec));
                    if (args != null) out.add(new Invocation(root.relativize(f) + " ExecStart", args));
                }
            }
        }
        return out;
    }

    /** Container command/args lists that run modelwatch: what follows the job jar or the Main class. */
    private static void collectCommands(JsonNode node, String where, List<Invocation> out) {
        if (node.isObject()) {
            if (node.has("command") || node.has("args")) {
                List<String> line = new ArrayList<>(strings(node.path("command")));
                if (!node.path("args").isMissingNode() && node.has("image")) line.addAll(strings(node.path("args")));
                List<String> args = afterEntryPoint(line);
                if (args != null) out.add(new Invocation(where + " container " + node.path("name").asText(), args));
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("job")) collectCommands(e.getValue(), where, out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectCommands(n, where, out));
        }
    }

    private static List<String> afterEntryPoint(List<String> line) {
        int at = -1;
        for (int i = 0; i < line.size(); i++) {
            String w = line.get(i);
            if (w.equals(Main.class.getName()) && (i == 0 || !line.get(i - 1).equals("-c"))) at = i;
            if (w.endsWith("modelwatch-jobs.jar") && (i == 0 || !line.get(i - 1).equals("-cp"))) at = i;
            if (w.endsWith("bin/modelwatch")) at = i;
        }
        return at < 0 || at == line.size() - 1 ? null : new ArrayList<>(line.subList(at + 1, line.size()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<JsonNode> documents(Path yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) docs.add(d);
            }
        }
        return docs;
    }

    /** ExecStart= values of a unit file, with backslash-newline continuations joined. */
    static List<String> execStarts(String unit) {
        List<String> out = new ArrayList<>();
        String joined = unit.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            String t = line.strip();
            if (t.startsWith("ExecStart=")) out.add(t.substring("ExecStart=".length()).replaceFirst("^[-@:+!]+", ""));
        }
        return out;
    }

    /** Splits a command line the way systemd (and a shell, for these simple cases) does: spaces, quotes. */
    static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                in = true;
            } else if (Character.isWhitespace(c)) {
                if (in) words.add(w.toString());
                w.setLength(0);
                in = false;
            } else {
                w.append(c);
                in = true;
            }
        }
        if (in) words.add(w.toString());
        return words;
    }

    private static String knownGapsSection() throws IOException {
        String doc = Files.readString(SurfaceData.root().resolve("docs/deploy.md"));
        int at = doc.indexOf("## Known gaps");
        assertThat(at).as("docs/deploy.md has a '## Known gaps' section").isGreaterThanOrEqualTo(0);
        int next = doc.indexOf("\n## ", at + 3);
        return next < 0 ? doc.substring(at) : doc.substring(at, next);
    }
}
