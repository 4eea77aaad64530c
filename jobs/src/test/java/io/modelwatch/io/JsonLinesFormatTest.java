package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.junit.jupiter.api.Test;

class JsonLinesFormatTest {

    /** What FileSource hands the format: a stream, already decompressed for .gz (as its InflaterInputStreamFactory does). */
    static final class StreamOf extends FSDataInputStream {
        private final InputStream in;
        private long pos;
        /** Reads at most this many bytes per call, to put buffer boundaries anywhere. */
        private final int chunk;

        StreamOf(InputStream in, int chunk) {
            this.in = in;
            this.chunk = chunk;
        }

        @Override
        public void seek(long desired) throws IOException {
            if (desired < pos) throw new IOException("cannot seek back");
            pos += in.skip(desired - pos);
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) pos++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, Math.min(len, chunk));
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The chunks the format hands over. */
    private static List<RawLine> readChunks(InputStream in, int chunk) throws IOException {
        StreamFormat.Reader<RawLine> reader =
                new JsonLinesFormat().createReader(new Configuration(), new StreamOf(in, chunk), 0, Long.MAX_VALUE);
        List<RawLine> out = new ArrayList<>();
        for (RawLine l; (l = reader.read()) != null; ) out.add(l);
        assertThat(reader.read()).as("read after the end").isNull();
        reader.close();
        return out;
    }

    /** The lines a consumer sees: each chunk split with RawLine.forEachLine, one RawLine per line. */
    private static List<RawLine> readAll(InputStream in, int chunk) throws IOException {
        List<RawLine> out = new ArrayList<>();
        for (RawLine c : readChunks(in, chunk)) {
            if (c.readError != null) {
                out.add(c);
                continue;
            }
            try {
                c.forEachLine((b, off, len, no) -> out.add(new RawLine(null, no, Arrays.copyOfRange(b, off, off + len), len)));
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        return out;
    }

    private static List<RawLine> readAll(String text, int chunk) throws IOException {
        return readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), chunk);
    }

    private static List<String> texts(List<RawLine> lines) {
        return lines.stream().map(RawLine::text).toList();
    }

    @Test
    void splitsLinesAndNumbersThemFromOne() throws IOException {
        List<RawLine> lines = readAll("{\"a\":1}\n{\"b\":2}\n", 1 << 20);
        assertThat(texts(lines)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(lines).extracting(l -> l.lineNumber).containsExactly(1L, 2L);
        assertThat(lines).allSatisfy(l -> assertThat(l.readError).isNull());
    }

    @Test
    void theLastLineNeedsNoNewline() throws IOException {
        assertThat(texts(readAll("a\nb", 1 << 20))).containsExactly("a", "b");
        assertThat(texts(readAll("only", 1 << 20))).containsExactly("only");
    }

    @Test
    void anEmptyInputHasNoLines() throws IOException {
        assertThat(readAll("", 1 << 20)).isEmpty();
    }

    @Test
    void emptyLinesAreKeptAsEmptyLinesButNoLineFollowsTheLastNewline() throws IOException {
        assertThat(texts(readAll("a\n\n\nb\n", 1 << 20))).containsExactly("a", "", "", "b");
        assertThat(texts(readAll("\n", 1 << 20))).containsExactly("");
        assertThat(readAll("a\n\nb\n", 1 << 20)).extracting(l -> l.lineNumber).containsExactly(1L, 2L, 3L);
    }

    @Test
    void crlfLineEndsLoseTheirCarriageReturn() throws IOException {
        assertThat(texts(readAll("a\r\nb\r\n\r\nc\r", 1 << 20))).containsExactly("a", "b", "", "c");
        // a CR inside a line is content
        assertThat(texts(readAll("a\rb\n", 1 << 20))).containsExactly("a\rb");
    }

    @Test
    void crlfSplitAcrossReadsStillEndsTheLine() throws IOException {
        for (int chunk = 1; chunk <= 4; chunk++) {
            assertThat(texts(readAll("ab\r\ncd\r\n", chunk))).as("chunk %d", chunk).containsExactly("ab", "cd");
        }
    }

    @Test
    void linesLongerThanTheBufferAreReadWhole() throws IOException {
        char[] big = new char[200_000];
        Arrays.fill(big, 'x');
        big[0] = '{';
        big[big.length - 1] = '}';
        String longLine = new String(big);
        String medium = longLine.substring(0, 65_536 - 1); // ends exactly at the 64 KiB buffer's end with \n
        String text = medium + "\n" + longLine + "\r\nshort\n" + longLine;
        for (int chunk : new int[] {1 << 20, 65_536, 4096, 7}) {
            List<RawLine> lines = readAll(text, chunk);
            assertThat(texts(lines)).as("chunk %d", chunk).containsExactly(medium, longLine, "short", longLine);
        }
    }

    @Test
    void multiByteUtf8IsPassedThroughAsBytes() throws IOException {
        List<RawLine> lines = readAll("{\"m\":\"größe 名前\"}\n", 3);
        assertThat(lines.get(0).text()).isEqualTo("{\"m\":\"größe 名前\"}");
    }

    @Test
    void everyChunkGetsItsOwnByteArrayOfWholeLines() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) sb.append("{\"i\":").append(i).append("}\n");
        List<RawLine> chunks = readChunks(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), 1 << 20);
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks.get(0).bytes).isNotSameAs(chunks.get(1).bytes);
        long expectedFirstLine = 1;
        for (RawLine c : chunks) {
            assertThat(c.length).isEqualTo(c.bytes.length);
            assertThat(c.bytes[c.length - 1]).as("a chunk ends with a whole line").isEqualTo((byte) '\n');
            assertThat(c.lineNumber).isEqualTo(expectedFirstLine);
            for (byte b : c.bytes) if (b == '\n') expectedFirstLine++;
        }
        assertThat(expectedFirstLine).isEqualTo(100_001);
    }

    @Test
    void aKafkaMessageIsOneLineWithOrWithoutItsNewline() throws Exception {
        List<String> seen = new ArrayList<>();
        new RawLine("t-0", 42, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 7)
                .forEachLine((b, off, len, no) -> seen.add(no + ":" + new String(b, off, len, StandardCharsets.UTF_8)));
        new RawLine("t-0", 43, "{\"a\":2}\r\n".getBytes(StandardCharsets.UTF_8), 9)
                .forEachLine((b, off, len, no) -> seen.add(no + ":" + new String(b, off, len, StandardCharsets.UTF_8)));
        assertThat(seen).containsExactly("42:{\"a\":1}", "43:{\"a\":2}");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aWholeGzipIsReadLikeThePlainText() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.append("{\"i\":").append(i).append("}\n");
        byte[] gz = gzip(sb.toString());
        List<RawLine> lines = readAll(new GZIPInputStream(new ByteArrayInputStream(gz)), 1 << 20);
        assertThat(lines).hasSize(20_000).allSatisfy(l -> assertThat(l.readError).isNull());
        assertThat(lines.get(19_999).text()).isEqualTo("{\"i\":19999}");
    }

    @Test
    void aGzipThatEndsEarlyGivesTheLinesBeforeItAndOneLineWithTheReadError() throws IOException {
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) sb.append("{\"i\":").append(i).append(",\"v\":").append(rnd.nextDouble()).append("}\n");
        byte[] gz = gzip(sb.toString());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        List<RawLine> lines = readAll(new GZIPInputStream(new ByteArrayInputStream(cut)), 1 << 20);
        RawLine last = lines.get(lines.size() - 1);
        List<RawLine> good = lines.subList(0, lines.size() - 1);
        assertThat(good).isNotEmpty().allSatisfy(l -> assertThat(l.readError).isNull());
        assertThat(good.size()).isLessThan(50_000);
        // the lines before the break are whole and in order
        List<String> expected = sb.toString().lines().limit(good.size()).toList();
        assertThat(texts(good)).isEqualTo(expected);
        assertThat(last.readError).startsWith("input ends early after line " + good.size());
        assertThat(last.bytes).isNull();
        assertThat(last.lineNumber).isEqualTo(good.size() + 1);
    }

    @Test
    void aGzipCutInItsTrailerStillGivesEveryLineThenTheError() throws IOException {
        byte[] gz = gzip("a\nb\n");
        byte[] cut = Arrays.copyOf(gz, gz.length - 4); // without the length field of the trailer
        List<RawLine> lines = readAll(new GZIPInputStream(new ByteArrayInputStream(cut)), 1 << 20);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(1);
        assertThat(lines.get(lines.size() - 1).readError).startsWith("input ends early");
    }

    @Test
    void restoreReaderStartsAtTheRestoredOffset() throws Exception {
        byte[] bytes = "first\nsecond\nthird\n".getBytes(StandardCharsets.UTF_8);
        StreamFormat.Reader<RawLine> reader = new JsonLinesFormat().restoreReader(new Configuration(),
                new StreamOf(new ByteArrayInputStream(bytes), 1 << 20), 6, bytes.length, bytes.length);
        List<String> lines = new ArrayList<>();
        for (RawLine c; (c = reader.read()) != null; ) {
            c.forEachLine((b, off, len, no) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)));
        }
        assertThat(lines).containsExactly("second", "third");
    }

    @Test
    void throughFileSourceEveryChunkNamesItsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("logs-1.jsonl");
        java.nio.file.Files.writeString(file, "{\"a\":1}\nbad\n");
        org.apache.flink.connector.file.src.FileSourceSplit split = new org.apache.flink.connector.file.src.FileSourceSplit(
                "0", new org.apache.flink.core.fs.Path(file.toUri()), 0, java.nio.file.Files.size(file), 0, java.nio.file.Files.size(file));
        org.apache.flink.connector.file.src.reader.BulkFormat.Reader<RawLine> reader =
                JsonLinesFormat.withFileNames().createReader(new Configuration(), split);
        List<RawLine> chunks = new ArrayList<>();
        for (org.apache.flink.connector.file.src.reader.BulkFormat.RecordIterator<RawLine> batch; (batch = reader.readBatch()) != null; ) {
            for (org.apache.flink.connector.file.src.util.RecordAndPosition<RawLine> r; (r = batch.next()) != null; ) {
                chunks.add(r.getRecord());
            }
            batch.releaseBatch();
        }
        reader.close();
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.source).isEqualTo(file.toString()));
        assertThat(DeadLetter.json("not JSON", chunks.get(0).source, 2, "bad".getBytes(StandardCharsets.UTF_8), 0, 3))
                .contains("\"source\":\"" + file + "\"").contains("\"line_number\":2");
    }

    @Test
    void theFormatIsSplittableAndProducesRawLines() {
        assertThat(new JsonLinesFormat().isSplittable()).isTrue();
        assertThat(JsonLinesFormat.withFileNames().isSplittable()).isTrue();
        assertThat(new JsonLinesFormat().getProducedType().getTypeClass()).isEqualTo(RawLine.class);
    }
}
