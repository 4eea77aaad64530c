package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir Path dir;

    @BeforeEach
    void files() throws IOException {
        for (String name : new String[] {"2026-11-01.jsonl", "2026-11-02.jsonl.gz", "2026-12-01.jsonl", "notes.txt",
                ".hidden.jsonl", "_in-progress.jsonl", "x.json", "y.json.gz", "sub/2026-11-03.jsonl"}) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "{}\n");
        }
    }

    private String names(java.util.List<Path> files) {
        return String.join(",", files.stream().map(p -> dir.relativize(p).toString()).toList());
    }

    @Test
    void aFileIsItself() {
        assertThat(InputFiles.expand(dir.resolve("notes.txt").toString())).containsExactly(dir.resolve("notes.txt"));
    }

    @Test
    void aFolderGivesItsLogFilesSortedAndRecursivelyWithoutHiddenOrUnderscoreFiles() {
        assertThat(names(InputFiles.expand(dir.toString())))
                .isEqualTo("2026-11-01.jsonl,2026-11-02.jsonl.gz,2026-12-01.jsonl,sub/2026-11-03.jsonl,x.json,y.json.gz");
    }

    @Test
    void aGlobMatchesNamesInItsFolderSorted() {
        assertThat(names(InputFiles.expand(dir + "/2026-11-*"))).isEqualTo("2026-11-01.jsonl,2026-11-02.jsonl.gz");
        assertThat(names(InputFiles.expand(dir + "/*.jsonl"))).contains("2026-11-01.jsonl", "2026-12-01.jsonl")
                .doesNotContain("sub/");
        assertThat(names(InputFiles.expand(dir + "/2026-1?-01.jsonl"))).isEqualTo("2026-11-01.jsonl,2026-12-01.jsonl");
        assertThat(names(InputFiles.expand(dir + "/{x.json,y.json.gz}"))).isEqualTo("x.json,y.json.gz");
        assertThat(names(InputFiles.expand(dir + "/*/*.jsonl"))).isEqualTo("sub/2026-11-03.jsonl");
        assertThat(names(InputFiles.expand(dir + "/**.jsonl"))).contains("sub/2026-11-03.jsonl");
    }

    @Test
    void nothingToReadIsAUsageError() {
        assertThatThrownBy(() -> InputFiles.expand(dir.resolve("missing.jsonl").toString()))
                .isInstanceOf(InputException.class).hasMessageContaining("no such file or folder");
        assertThatThrownBy(() -> InputFiles.expand(dir + "/2027-*.jsonl"))
                .isInstanceOf(InputException.class).hasMessageContaining("no .jsonl or .jsonl.gz files found");
        assertThatThrownBy(() -> InputFiles.expand(dir + "/nope/*.jsonl"))
                .isInstanceOf(InputException.class).hasMessageContaining("no folder");
        assertThatThrownBy(() -> InputFiles.expand(" ")).isInstanceOf(InputException.class)
                .hasMessage("--input is required");
        assertThatThrownBy(() -> InputFiles.expand(null)).isInstanceOf(InputException.class);
    }

    @Test
    void anEmptyFolderIsAUsageError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> InputFiles.expand(empty.toString())).isInstanceOf(InputException.class)
                .hasMessageContaining("no .jsonl or .jsonl.gz files found");
    }

    @Test
    void logFileNamesAreJsonlOrJsonPlainOrGzipped() {
        assertThat(InputFiles.isLogFile("a.jsonl")).isTrue();
        assertThat(InputFiles.isLogFile("a.jsonl.gz")).isTrue();
        assertThat(InputFiles.isLogFile("a.json")).isTrue();
        assertThat(InputFiles.isLogFile("a.json.gz")).isTrue();
        assertThat(InputFiles.isLogFile("a.txt")).isFalse();
        assertThat(InputFiles.isLogFile("a.jsonl.tmp")).isFalse();
        assertThat(InputFiles.isLogFile(".a.jsonl")).isFalse();
        assertThat(InputFiles.isLogFile("_a.jsonl")).isFalse();
    }
}
