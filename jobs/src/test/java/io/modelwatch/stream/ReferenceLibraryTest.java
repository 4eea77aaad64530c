package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.reference.SnapshotFiles;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReferenceLibrary} without Flink: snapshots replaced, broken, deleted and missing while it is in use.
 * Every test has its own folder (the library keeps one state per JVM and folder). The check interval is short
 * and each step sleeps past it before it looks, so the call after the sleep is certain to list the folder.
 */
class ReferenceLibraryTest {
    static final long INTERVAL = 200;

    @TempDir static Path built;
    @TempDir Path dir;
    Path folder;
    /** Snapshots of model-a built from 300 records around 50 (A) and 400 records around 150 (B), once. */
    static Path a, b;

    final List<String> warnings = new CopyOnWriteArrayList<>();
    AbstractAppender capture;

    @BeforeAll
    static void buildSnapshots() throws Exception {
        a = build("a", 300, 0);
        b = build("b", 400, 100);
    }

    @BeforeEach
    void setUp() throws Exception {
        folder = Files.createDirectories(dir.resolve("folder"));
        capture = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                warnings.add(e.getLevel() + " " + e.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        logger().addAppender(capture);
    }

    @AfterEach
    void tearDown() {
        logger().removeAppender(capture);
        capture.stop();
    }

    private static org.apache.logging.log4j.core.Logger logger() {
        return (org.apache.logging.log4j.core.Logger) LogManager.getLogger(ReferenceLibrary.class);
    }

    /** A snapshot of model-a (features x, and the prediction) from {@code n} records, x = shift + 0..99. */
    private static Path build(String name, int n, double shift) throws Exception {
        Path in = Files.createDirectories(built.resolve("in-" + name)), out = built.resolve("snap-" + name);
        List<String> lines = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-24T00:00:00Z");
        for (int i = 0; i < n; i++) {
            lines.add("{\"ts\":\"" + t0.plusSeconds(i) + "\",\"model\":\"model-a\",\"latency_ms\":10,\"features\":{\"x\":"
                    + (shift + i % 100) + "}}");
        }
        Files.write(in.resolve("ref.jsonl"), lines);
        assertThat(Main.execute("reference", "--input", in.toString(), "--output", out.toString())).isZero();
        return SnapshotFiles.newestFile(out, "model-a");
    }

    /** Copies {@code from} over the model's file in the folder, with the given modification time. */
    private Path place(Path from, String fileName, long mtime) throws Exception {
        Path tmp = folder.resolve(fileName + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(mtime));
        return Files.move(tmp, folder.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void pastInterval() throws InterruptedException {
        Thread.sleep(INTERVAL + 50);
    }

    private ReferenceLibrary library() {
        return new ReferenceLibrary(folder.toString(), 0, INTERVAL);
    }

    @Test
    void aChangedFileIsReadAgainAfterTheIntervalWithANewerVersionAndThePreviousStaysAvailable() throws Exception {
        String file = SnapshotFiles.fileName("model-a");
        long mtimeA = System.currentTimeMillis() - 60_000;
        place(a, file, mtimeA);
        ReferenceLibrary lib = library();
        ReferenceLibrary.Versioned v1 = lib.current("model-a");
        assertThat(v1.snapshot.records).isEqualTo(300);
        assertThat(v1.version).isEqualTo(mtimeA);

        place(b, file, mtimeA + 10_000);
        pastInterval();
        ReferenceLibrary.Versioned v2 = lib.current("model-a");
        assertThat(v2.snapshot.records).isEqualTo(400);
        assertThat(v2.version).isEqualTo(mtimeA + 10_000).isGreaterThan(v1.version);
        assertThat(warnings).anyMatch(w -> w.contains("model 'model-a': reference snapshot replaced (version "
                + v1.version + " -> " + v2.version + ")"));

        // Both versions by number: a window accumulated against A can still be scored after the switch.
        assertThat(lib.get("model-a", v1.version)).isSameAs(v1);
        assertThat(lib.get("model-a", v2.version)).isSameAs(v2);
        assertThat(lib.get("model-a", v1.version - 1)).isNull();

        // Another instance (another subtask, the same JVM) shares the state: same versions, same objects.
        ReferenceLibrary other = library();
        assertThat(other.current("model-a")).isSameAs(v2);
        assertThat(other.get("model-a", v1.version)).isSameAs(v1);

        // Same size, only the modification time moves: read again too, newer again.
        place(b, file, mtimeA + 20_000);
        pastInterval();
        ReferenceLibrary.Versioned v3 = lib.current("model-a");
        assertThat(v3).isNotSameAs(v2);
        assertThat(v3.version).isGreaterThan(v2.version);
        assertThat(lib.get("model-a", v2.version)).isSameAs(v2);
    }

    @Test
    void beforeTheIntervalHasPassedTheFolderIsNotListedAgain() throws Exception {
        // An interval of an hour: the second call comes long before it on any machine, so no timing is assumed.
        String file = SnapshotFiles.fileName("model-a");
        long mtimeA = System.currentTimeMillis() - 60_000;
        place(a, file, mtimeA);
        ReferenceLibrary lib = new ReferenceLibrary(folder.toString(), 0, 3_600_000);
        ReferenceLibrary.Versioned v1 = lib.current("model-a");
        place(b, file, mtimeA + 10_000);
        assertThat(lib.current("model-a")).isSameAs(v1);
        assertThat(warnings).noneMatch(w -> w.contains("replaced"));
    }

    @Test
    void aNewFileOfTheModelReplacingTheOldOneIsANewVersion() throws Exception {
        long mtimeA = System.currentTimeMillis() - 60_000;
        place(a, SnapshotFiles.fileName("model-a"), mtimeA);
        ReferenceLibrary lib = library();
        ReferenceLibrary.Versioned v1 = lib.current("model-a");

        // A folder version: the new snapshot under another name, the old file removed.
        place(b, "v2-" + SnapshotFiles.fileName("model-a"), mtimeA + 5_000);
        Files.delete(folder.resolve(SnapshotFiles.fileName("model-a")));
        pastInterval();
        ReferenceLibrary.Versioned v2 = lib.current("model-a");
        assertThat(v2).isNotNull();
        assertThat(v2.snapshot.records).isEqualTo(400);
        assertThat(v2.version).isGreaterThan(v1.version);
        assertThat(lib.get("model-a", v1.version)).isSameAs(v1);
    }

    @Test
    void anUnreadableFileKeepsTheVersionInUseAndIsLogged() throws Exception {
        String file = SnapshotFiles.fileName("model-a");
        long mtimeA = System.currentTimeMillis() - 60_000;
        place(a, file, mtimeA);
        ReferenceLibrary lib = library();
        ReferenceLibrary.Versioned v1 = lib.current("model-a");

        // Half a file, as a copy in progress leaves it.
        byte[] bytes = Files.readAllBytes(b);
        Path broken = dir.resolve("broken");
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        place(broken, file, mtimeA + 5_000);
        pastInterval();
        assertThat(lib.current("model-a")).isSameAs(v1);
        assertThat(lib.get("model-a", v1.version)).isSameAs(v1);
        assertThat(warnings).anyMatch(w -> w.startsWith("WARN reference snapshot " + folder.resolve(file))
                && w.contains("keeping the version in use"));

        // Not JSON at all.
        Files.writeString(broken, "this is not a snapshot");
        place(broken, file, mtimeA + 6_000);
        pastInterval();
        assertThat(lib.current("model-a")).isSameAs(v1);

        // Once the file is whole, it is picked up.
        place(b, file, mtimeA + 7_000);
        pastInterval();
        ReferenceLibrary.Versioned v2 = lib.current("model-a");
        assertThat(v2.snapshot.records).isEqualTo(400);
        assertThat(v2.version).isEqualTo(mtimeA + 7_000);
        assertThat(lib.get("model-a", v1.version)).isSameAs(v1);
    }

    @Test
    void aDeletedFileMakesTheModelSnapshotLessAndTheLastVersionStaysAvailable() throws Exception {
        String file = SnapshotFiles.fileName("model-a");
        long mtimeA = System.currentTimeMillis() - 60_000;
        place(a, file, mtimeA);
        ReferenceLibrary lib = library();
        ReferenceLibrary.Versioned v1 = lib.current("model-a");

        Files.delete(folder.resolve(file));
        pastInterval();
        assertThat(lib.current("model-a")).isNull();
        assertThat(lib.get("model-a", v1.version)).as("windows accumulated against it can still be scored").isSameAs(v1);
        assertThat(warnings).anyMatch(w -> w.startsWith("WARN model 'model-a': its reference snapshot")
                && w.contains("is gone"));

        // It comes back: drift again.
        place(b, file, mtimeA + 5_000);
        pastInterval();
        ReferenceLibrary.Versioned v2 = lib.current("model-a");
        assertThat(v2.snapshot.records).isEqualTo(400);
        assertThat(v2.version).isGreaterThan(v1.version);
    }

    @Test
    void aModelThatNeverHadASnapshotHasNone() throws Exception {
        place(a, SnapshotFiles.fileName("model-a"), System.currentTimeMillis() - 60_000);
        ReferenceLibrary lib = library();
        assertThat(lib.current("model-z")).isNull();
        assertThat(lib.get("model-z", 0)).isNull();
        assertThat(lib.get("model-z", Long.MAX_VALUE)).isNull();
        pastInterval();
        assertThat(lib.current("model-z")).isNull();
        assertThat(lib.current("model-a")).isNotNull();

        // An empty folder is fine too; a missing folder is refused up front (the CLI's check).
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(new ReferenceLibrary(empty.toString(), 0, INTERVAL).loadNow()).isZero();
        assertThat(new ReferenceLibrary(empty.toString(), 0, INTERVAL).current("model-a")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new ReferenceLibrary(dir.resolve("missing").toString(), 0, INTERVAL).loadNow())
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void theFolderMissingForAWhileKeepsTheSnapshotsInUse() throws Exception {
        long mtimeA = System.currentTimeMillis() - 60_000;
        place(a, SnapshotFiles.fileName("model-a"), mtimeA);
        ReferenceLibrary lib = library();
        ReferenceLibrary.Versioned v1 = lib.current("model-a");

        // The folder swapped by renames: for a moment there is none.
        Path aside = dir.resolve("aside");
        Files.move(folder, aside);
        pastInterval();
        assertThat(lib.current("model-a")).isSameAs(v1);
        Files.move(aside, folder);
        pastInterval();
        assertThat(lib.current("model-a")).isSameAs(v1);
    }
}
