package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Splittable input: whatever the split size, every line of an uncompressed file is read exactly once, in order, by
 * the split holding its first byte, and is named by its line number (first split) or its byte offset (the others).
 * Compressed files stay one split. Uses Flink's real FileSource format adapter over real local files.
 */
class LineSplitsTest {

    @TempDir java.nio.file.Path tmp;

    /** One line as read: its text and where it is said to be. */
    record Read(String text, long lineNumber, long byteOffset) {}

    /** A line as the file holds it: text without line end, its number from 1 and its first byte's offset. */
    record Line(String text, long number, long offset) {}

    /** The lines of a file, by the contract's rule: \n ends a line, a \r before it is dropped, a last line may lack \n. */
    static List<Line> linesOf(byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        long no = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length && start == bytes.length) break;
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(new Line(new String(bytes, start, end - start, StandardCharsets.UTF_8), no++, start));
                start = i + 1;
            }
        }
        return lines;
    }

    static List<Read> read(FileSourceSplit split) throws IOException {
        List<Read> out = new ArrayList<>();
        BulkFormat.Reader<RawLine> reader = JsonLinesFormat.withFileNames().createReader(new Configuration(), split);
        for (BulkFormat.RecordIterator<RawLine> batch; (batch = reader.readBatch()) != null; ) {
            for (RecordAndPosition<RawLine> r; (r = batch.next()) != null; ) {
                RawLine c = r.getRecord();
                if (c.readError != null) {
                    out.add(new Read("ERROR " + c.readError, c.lineNumber, c.byteOffset));
                    continue;
                }
                try {
                    // A chunk without line numbers (lineNumber 0) names its lines by byte offset only.
                    c.forEachLine((b, off, len, no) -> out.add(new Read(new String(b, off, len, StandardCharsets.UTF_8),
                            c.byteOffset < 0 ? no : 0, c.byteOffset < 0 ? -1 : c.byteOffset + off)));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
            batch.releaseBatch();
        }
        reader.close();
        return out;
    }

    static List<Read> readAllSplits(java.nio.file.Path file, long splitSize) throws IOException {
        Collection<FileSourceSplit> splits = LineSplitEnumerator.provider(splitSize, Integer.MAX_VALUE).create()
                .enumerateSplits(new Path[] {new Path(file.toUri())}, 1);
        List<Read> all = new ArrayList<>();
        for (FileSourceSplit s : splits) all.addAll(read(s));
        return all;
    }

    static void assertEveryLineOnce(java.nio.file.Path file, byte[] bytes, long splitSize) throws IOException {
        List<Line> expected = linesOf(bytes);
        List<Read> got = readAllSplits(file, splitSize);
        assertThat(got.stream().map(Read::text).toList()).as("split size %d", splitSize)
                .containsExactlyElementsOf(expected.stream().map(Line::text).toList());
        for (int i = 0; i < got.size(); i++) {
            Read r = got.get(i);
            Line l = expected.get(i);
            assertThat(r.lineNumber() > 0 || r.byteOffset() >= 0).as("split %d line %d is named", splitSize, i).isTrue();
            if (r.lineNumber() > 0) assertThat(r.lineNumber()).as("split %d line %d number", splitSize, i).isEqualTo(l.number());
            else assertThat(r.byteOffset()).as("split %d line %d offset", splitSize, i).isEqualTo(l.offset());
        }
    }

    private java.nio.file.Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    @Test
    void everyLineIsReadExactlyOnceWhateverTheSplitSize() throws IOException {
        String long1 = "x".repeat(700);
        List<String> contents = List.of(
                "{\"a\":1}\n{\"b\":22}\n\n{\"c\":333}\n" + long1 + "\nz\n",   // final newline, an empty line
                "one\ntwo\nthree",                                            // no final newline
                "crlf-1\r\ncrlf-22\r\n\r\ncrlf-4444\r\n",                     // CRLF, split between \r and \n too
                "\n\n\nsolo\n",                                               // leading empty lines
                "é-ü\n✓ multi-byte\n" + long1 + "\r\nend");                  // UTF-8 and a long CRLF line
        int k = 0;
        for (String c : contents) {
            byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
            java.nio.file.Path file = write("f" + k++ + ".jsonl", bytes);
            for (long size = 1; size <= bytes.length + 1; size++) assertEveryLineOnce(file, bytes, size);
        }
    }

    @Test
    void aFileOfManyChunksIsReadOnceAcrossBigSplits() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) sb.append("{\"i\":").append(i).append(",\"pad\":\"").append("p".repeat(i % 50)).append("\"}\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        java.nio.file.Path file = write("big.jsonl", bytes);
        for (long size : new long[] {bytes.length, 100_000, 262_144, 262_145, 333_333, 1 << 20}) {
            assertEveryLineOnce(file, bytes, size);
        }
    }

    @Test
    void splitsCoverTheFileInRangesAndSizeFollowsTheSlots() throws IOException {
        byte[] bytes = "a\n".repeat(50_000).getBytes(StandardCharsets.UTF_8); // 100 kB
        java.nio.file.Path file = write("r.jsonl", bytes);
        Collection<FileSourceSplit> splits = LineSplitEnumerator.provider(1000, 4).create()
                .enumerateSplits(new Path[] {new Path(file.toUri())}, 2);
        assertThat(splits).hasSize(8);
        long next = 0;
        for (FileSourceSplit s : splits) {
            assertThat(s.offset()).isEqualTo(next);
            next += s.length();
        }
        assertThat(next).isEqualTo(bytes.length);
        // The real default keeps small files whole.
        assertThat(LineSplitEnumerator.provider().create().enumerateSplits(new Path[] {new Path(file.toUri())}, 8))
                .hasSize(1);
    }

    @Test
    void aCompressedFileIsOneSplitReadWholeWithLineNumbers() throws IOException {
        String text = "l1\nl2\r\nl3";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        java.nio.file.Path file = write("c.jsonl.gz", gz.toByteArray());
        Collection<FileSourceSplit> splits = LineSplitEnumerator.provider(1, Integer.MAX_VALUE).create()
                .enumerateSplits(new Path[] {new Path(file.toUri())}, 4);
        assertThat(splits).hasSize(1);
        assertThat(read(splits.iterator().next())).containsExactly(new Read("l1", 1, -1), new Read("l2", 2, -1),
                new Read("l3", 3, -1));
    }

    @Test
    void aGzThatIsNotGzipGivesOneReadErrorNamingTheFile() throws IOException {
        java.nio.file.Path file = write("not-gzip.jsonl.gz", "{\"plain\":\"text\"}\n".getBytes(StandardCharsets.UTF_8));
        Collection<FileSourceSplit> splits = LineSplitEnumerator.provider().create()
                .enumerateSplits(new Path[] {new Path(file.toUri())}, 1);
        List<Read> got = read(splits.iterator().next());
        assertThat(got).hasSize(1);
        assertThat(got.get(0).text()).startsWith("ERROR cannot decompress " + file).contains("GZIP");
    }
}
