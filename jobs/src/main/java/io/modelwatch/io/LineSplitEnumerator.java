package io.modelwatch.io;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Cuts the input files into FileSource splits: an uncompressed file into byte ranges (which
 * {@link JsonLinesFormat} aligns to line ends), a compressed one into one split (a gzip stream cannot be entered in
 * the middle). Flink's own enumerator cuts by file-system block, and a local file is one block, so without this a
 * big file is read by one subtask while the others wait.
 *
 * <p>Split size: the uncompressed bytes over {@value #SPLITS_PER_SLOT} splits per source subtask, at least
 * {@value #MIN_SPLIT_BYTES} bytes. Several splits per subtask keep every slot busy to the end: subtasks take splits
 * as they finish the last one, so a slow one takes fewer, and the compressed files (whole) and the small ones fill in.
 */
final class LineSplitEnumerator implements FileEnumerator {
    static final long MIN_SPLIT_BYTES = 4L << 20;
    static final int SPLITS_PER_SLOT = 4;

    private final long minSplitBytes;
    private final int splitsPerSlot;
    private int nextId;

    LineSplitEnumerator(long minSplitBytes, int splitsPerSlot) {
        this.minSplitBytes = minSplitBytes;
        this.splitsPerSlot = splitsPerSlot;
    }

    public static FileEnumerator.Provider provider() {
        return () -> new LineSplitEnumerator(MIN_SPLIT_BYTES, SPLITS_PER_SLOT);
    }

    /** With other sizes, for tests that put split boundaries everywhere. */
    static FileEnumerator.Provider provider(long minSplitBytes, int splitsPerSlot) {
        return () -> new LineSplitEnumerator(minSplitBytes, splitsPerSlot);
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (Path p : paths) {
            FileSystem fs = p.getFileSystem();
            FileStatus status = fs.getFileStatus(p);
            if (status.isDir()) {
                for (FileStatus child : fs.listStatus(p)) {
                    if (!child.isDir()) files.add(child);
                }
            } else {
                files.add(status);
            }
        }
        long splittable = 0;
        for (FileStatus f : files) {
            if (!JsonLinesFormat.isCompressed(f.getPath())) splittable += f.getLen();
        }
        long target = Math.max(1, (long) Math.max(1, minDesiredSplits) * splitsPerSlot);
        long size = Math.max(minSplitBytes, (splittable + target - 1) / target);
        List<FileSourceSplit> splits = new ArrayList<>();
        for (FileStatus f : files) {
            long len = f.getLen();
            if (JsonLinesFormat.isCompressed(f.getPath()) || len <= size) {
                splits.add(split(f, 0, len));
                continue;
            }
            for (long off = 0; off < len; off += size) splits.add(split(f, off, Math.min(size, len - off)));
        }
        return splits;
    }

    private FileSourceSplit split(FileStatus f, long offset, long length) {
        return new FileSourceSplit(String.valueOf(nextId++), f.getPath(), offset, length, f.getModificationTime(),
                f.getLen());
    }
}
