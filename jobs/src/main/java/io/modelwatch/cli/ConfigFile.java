package io.modelwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --config FILE} on every command: a YAML mapping whose keys are the command's long option names without
 * the dashes ({@code window: 1h}, {@code kafka-bootstrap: broker:9092}, {@code bounded: true}, a list for an
 * option that takes several values), so a deployment keeps one file per job. It is picocli's default-value
 * provider: a value in the file replaces the option's default, and an option given on the command line wins
 * over the file. An unknown key or an unreadable file is a usage error, one line, before anything runs.
 * Relative paths in the file are relative to the working directory, as on the command line.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    static final String OPTION = "--config";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    /** Option name without dashes -> the value as text, as the command line would give it. */
    private final Map<String, String> values;

    private ConfigFile(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** Adds {@code --config FILE} to every command under {@code top} (not to {@code help}). */
    static void addOption(CommandLine top) {
        for (CommandLine sub : top.getSubcommands().values()) {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) continue;
            CommandSpec spec = sub.getCommandSpec();
            if (spec.findOption(OPTION) == null) {
                spec.addOption(OptionSpec.builder(OPTION).paramLabel("FILE").type(Path.class)
                        .description("Read option values from a YAML file: keys are the long option names without "
                                + "'--' (window: 1h); options on the command line win.").build());
            }
            addOption(sub);
        }
    }

    /**
     * The file named by {@code --config FILE} (or {@code --config=FILE}) in {@code args}, for the command the
     * arguments select, or null when there is none.
     *
     * @throws UsageException the file cannot be read, is not a YAML mapping, or names an option the command lacks
     */
    static ConfigFile find(CommandLine top, String[] args) {
        CommandLine command = top;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            CommandLine sub = command.getSubcommands().get(a);
            if (sub != null && name == null) {
                command = sub;
                continue;
            }
            if (a.equals(OPTION)) {
                if (i + 1 >= args.length) throw new UsageException(OPTION + " needs a FILE");
                name = args[++i];
            } else if (a.startsWith(OPTION + "=")) {
                name = a.substring(OPTION.length() + 1);
            } else if (a.equals("--")) {
                break;
            }
        }
        if (name == null || command == top) return null;
        Path file = Paths.get(name);
        return new ConfigFile(file, read(file, command.getCommandSpec()));
    }

    private static Map<String, String> read(Path file, CommandSpec command) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new UsageException(OPTION + " " + file + ": not valid YAML" + at + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UsageException(OPTION + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) return out; // an empty file sets nothing
        if (!root.isObject()) {
            throw new UsageException(OPTION + " " + file + ": must be a mapping of option names to values (window: 1h)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            OptionSpec option = command.findOption("--" + key);
            if (option == null || option.usageHelp() || option.versionHelp() || key.equals(OPTION.substring(2))) {
                throw new UsageException(OPTION + " " + file + ": '" + key + "' is not an option of "
                        + command.qualifiedName().replace("modelwatch ", "") + " (keys are its long option names without "
                        + "'--'; see " + command.name() + " --help)");
            }
            String value = text(e.getValue(), option, file, key);
            if (value != null) {
                for (String n : option.names()) out.put(n.replaceFirst("^-+", ""), value);
            }
        }
        return out;
    }

    private static String text(JsonNode v, OptionSpec option, Path file, String key) {
        if (v.isNull()) return null;
        if (v.isValueNode()) return v.asText();
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isValueNode()) {
                    throw new UsageException(OPTION + " " + file + ": '" + key + "' must be a list of plain values");
                }
                items.add(item.asText());
            }
            if (items.size() == 1) return items.get(0);
            String split = option.splitRegex();
            if (!option.isMultiValue() || split == null || split.isEmpty()) {
                throw new UsageException(OPTION + " " + file + ": '" + key + "' takes one value, not a list");
            }
            return String.join(split.equals("\\|") ? "|" : split, items);
        }
        throw new UsageException(OPTION + " " + file + ": '" + key + "' must be a value or a list, not a mapping");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) return null;
        for (String n : option.names()) {
            String v = values.get(n.replaceFirst("^-+", ""));
            if (v != null) return v;
        }
        return null;
    }

    @Override
    public String toString() {
        return OPTION + " " + file;
    }
}
