package io.modelwatch.io;


import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands {@code --input} (a file, a folder, or a glob such as {@code logs/2026-11-*.jsonl.gz}) into files. */
public final class InputFiles {
    private InputFiles() {}

    public static List<Path> expand(String input) {
        if (input == null || input.isBlank()) throw new InputException("--input is required");
        List<Path> files = new ArrayList<>();
        if (input.contains("*") || input.contains("?") || input.contains("[") || input.contains("{")) {
            int cut = firstGlobChar(input);
            int slash = input.lastIndexOf('/', cut);
            Path base = slash < 0 ? Paths.get(".") : Paths.get(input.substring(0, slash + 1));
            String pattern = slash < 0 ? input : input.substring(slash + 1);
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (!Files.isDirectory(base)) throw new InputException("--input " + input + ": no folder " + base);
            try (Stream<Path> s = Files.walk(base)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> m.matches(base.relativize(p)))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new InputException("--input " + input + ": cannot list " + base + ": " + e.getMessage());
            }
        } else {
            Path p = Paths.get(input);
            if (Files.isRegularFile(p)) {
                if (!Files.isReadable(p)) throw new InputException("--input " + input + ": not readable");
                files.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> isLogFile(f.getFileName().toString()))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new InputException("--input " + input + ": cannot list: " + e.getMessage());
                }
            } else {
                throw new InputException("--input " + input + ": no such file or folder");
            }
        }
        if (files.isEmpty()) throw new InputException("--input " + input + ": no .jsonl or .jsonl.gz files found");
        return files;
    }

    static boolean isLogFile(String name) {
        return !name.startsWith(".") && !name.startsWith("_")
                && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz") || name.endsWith(".json")
                || name.endsWith(".json.gz"));
    }

    private static int firstGlobChar(String s) {
        int best = s.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < best) best = i;
        }
        return best;
    }
}
