package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A FLIP-27 source of {@code host} and {@code gpu} points (contract section 4): every interval, the machine
 * each reader runs on is sampled (OSHI for the host, nvidia-smi for the GPUs, see {@link SensorSampler}).
 *
 * <p><b>One reader per machine.</b> A split is "the sensors of one machine": the enumerator hands one split
 * to the first reader that asks from a host and tells every further reader on that host that there is
 * nothing for it, so those finish at once. Run the source with the job's parallelism and each TaskManager
 * host is sampled once. The enumerator's checkpoint is the set of hosts it has handed out plus any split
 * given back by a failed reader.
 *
 * <p><b>Timing.</b> Samples are taken on a reader-owned thread at multiples of the interval since the epoch
 * (10 s: at :00, :10, ...), so the task thread never waits for OSHI or a slow nvidia-smi, and points from many
 * hosts line up in InfluxDB. Bounded when {@link Builder#samples(long)} is set (each reader stops after that
 * many samples; the count survives a restore), unbounded otherwise.
 *
 * <p>Why not {@code DataGeneratorSource}: its splits are number ranges that any reader may take, so it cannot
 * promise one sampler per machine; it calls the generator on the task thread, which a hung nvidia-smi would
 * block for the whole timeout; and it always reports itself bounded.
 */
final class SensorSource
        implements Source<Point, SensorSource.SensorSplit, SensorSource.EnumeratorState>, ResultTypeQueryable<Point> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final String UNKNOWN_HOST = "(unknown host)";

    private final SamplerFactory samplers;
    private final long intervalMillis;
    private final long samples;

    private SensorSource(SamplerFactory samplers, long intervalMillis, long samples) {
        this.samplers = samplers;
        this.intervalMillis = intervalMillis;
        this.samples = samples;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SensorSource}; every setting has a default. */
    public static final class Builder {
        private SamplerFactory samplers = new SystemSamplerFactory(
                null, SystemSamplerFactory.DEFAULT_NVIDIA_SMI, SystemSamplerFactory.DEFAULT_NVIDIA_SMI_TIMEOUT);
        private Duration interval = DEFAULT_INTERVAL;
        private long samples;

        private Builder() {}

        /** How often to sample; 10 s by default. */
        public Builder interval(Duration interval) {
            if (interval.toMillis() <= 0) throw new IllegalArgumentException("interval must be positive: " + interval);
            this.interval = interval;
            return this;
        }

        /** Stop after this many samples per machine (a bounded source); 0, the default, never stops. */
        public Builder samples(long samples) {
            if (samples < 0) throw new IllegalArgumentException("samples must be >= 0: " + samples);
            this.samples = samples;
            return this;
        }

        /** Where readings come from; OSHI and nvidia-smi on PATH by default. */
        public Builder samplers(SamplerFactory samplers) {
            this.samplers = Objects.requireNonNull(samplers);
            return this;
        }

        public SensorSource build() {
            return new SensorSource(samplers, interval.toMillis(), samples);
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return samples > 0 ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<Point, SensorSplit> createReader(SourceReaderContext context) {
        return new SensorSourceReader(context, samplers, intervalMillis, samples);
    }

    @Override
    public SplitEnumerator<SensorSplit, EnumeratorState> createEnumerator(SplitEnumeratorContext<SensorSplit> context) {
        return new HostEnumerator(context, new EnumeratorState(List.of(), List.of()));
    }

    @Override
    public SplitEnumerator<SensorSplit, EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<SensorSplit> context, EnumeratorState state) {
        return new HostEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<SensorSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
        return new EnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<Point> getProducedType() {
        return TypeInformation.of(Point.class);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The sensors of one machine, and how many samples have been emitted from them. */
    public static final class SensorSplit implements SourceSplit {
        final String host;
        final long samplesTaken;

        SensorSplit(String host, long samplesTaken) {
            this.host = host;
            this.samplesTaken = samplesTaken;
        }

        @Override
        public String splitId() {
            return host;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SensorSplit s && s.host.equals(host) && s.samplesTaken == samplesTaken;
        }

        @Override
        public int hashCode() {
            return Objects.hash(host, samplesTaken);
        }

        @Override
        public String toString() {
            return "SensorSplit{" + host + ", samples=" + samplesTaken + "}";
        }
    }

    /** Hosts that have their split, and splits given back by failed readers, waiting for a reader on that host. */
    public record EnumeratorState(List<String> assignedHosts, List<SensorSplit> returned) {}

    static final class HostEnumerator implements SplitEnumerator<SensorSplit, EnumeratorState> {
        private final SplitEnumeratorContext<SensorSplit> context;
        private final List<String> assigned;
        private final Map<String, SensorSplit> returned = new LinkedHashMap<>();

        HostEnumerator(SplitEnumeratorContext<SensorSplit> context, EnumeratorState state) {
            this.context = context;
            this.assigned = new ArrayList<>(state.assignedHosts());
            for (SensorSplit s : state.returned()) returned.put(s.host, s);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String requesterHostname) {
            String host = requesterHostname;
            if (host == null || host.isBlank()) {
                ReaderInfo info = context.registeredReaders().get(subtask);
                host = info == null ? null : info.getLocation();
            }
            // Readers whose host Flink does not know (an embedded MiniCluster) count as one machine.
            if (host == null || host.isBlank()) host = UNKNOWN_HOST;
            SensorSplit back = returned.remove(host);
            if (back != null) {
                context.assignSplit(back, subtask);
            } else if (!assigned.contains(host)) {
                assigned.add(host);
                context.assignSplit(new SensorSplit(host, 0), subtask);
            }
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public void addSplitsBack(List<SensorSplit> splits, int subtask) {
            for (SensorSplit s : splits) returned.put(s.host, s);
        }

        @Override
        public void addReader(int subtask) {
            // Readers ask for their split (handleSplitRequest) with their host name.
        }

        @Override
        public EnumeratorState snapshotState(long checkpointId) {
            return new EnumeratorState(List.copyOf(assigned), List.copyOf(returned.values()));
        }

        @Override
        public void close() {}
    }

    static final class SplitSerializer implements SimpleVersionedSerializer<SensorSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(SensorSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(out, split);
            return out.getCopyOfBuffer();
        }

        @Override
        public SensorSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) throw new IOException("unknown sensor split version " + version);
            return read(new DataInputDeserializer(bytes));
        }

        static void write(DataOutputSerializer out, SensorSplit s) throws IOException {
            out.writeUTF(s.host);
            out.writeLong(s.samplesTaken);
        }

        static SensorSplit read(DataInputDeserializer in) throws IOException {
            return new SensorSplit(in.readUTF(), in.readLong());
        }
    }

    static final class EnumeratorStateSerializer implements SimpleVersionedSerializer<EnumeratorState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(EnumeratorState state) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(128);
            out.writeInt(state.assignedHosts().size());
            for (String h : state.assignedHosts()) out.writeUTF(h);
            out.writeInt(state.returned().size());
            for (SensorSplit s : state.returned()) SplitSerializer.write(out, s);
            return out.getCopyOfBuffer();
        }

        @Override
        public EnumeratorState deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) throw new IOException("unknown sensor enumerator state version " + version);
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            List<String> hosts = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) hosts.add(in.readUTF());
            List<SensorSplit> returned = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) returned.add(SplitSerializer.read(in));
            return new EnumeratorState(hosts, returned);
        }
    }
}
