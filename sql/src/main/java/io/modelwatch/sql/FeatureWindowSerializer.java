package io.modelwatch.sql;

import io.modelwatch.drift.DriftPartial;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The drift aggregates' accumulator as bytes: whether it has seen a row, the snapshot path and feature, then the
 * partial's own versioned bytes ({@link DriftPartial#writeTo}). Named in the accumulator's RAW type, so the
 * planner never falls back to Kryo.
 */
public final class FeatureWindowSerializer extends TypeSerializerSingleton<FeatureWindow> {
    private static final long serialVersionUID = 1L;
    public static final FeatureWindowSerializer INSTANCE = new FeatureWindowSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public FeatureWindow createInstance() {
        return new FeatureWindow();
    }

    @Override
    public FeatureWindow copy(FeatureWindow from) {
        if (from.snapshotPath() == null) return new FeatureWindow();
        return new FeatureWindow(from.snapshotPath(), from.feature(), from.drift().copy());
    }

    @Override
    public FeatureWindow copy(FeatureWindow from, FeatureWindow reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeatureWindow w, DataOutputView out) throws IOException {
        out.writeBoolean(w.snapshotPath() != null);
        if (w.snapshotPath() == null) return;
        out.writeUTF(w.snapshotPath());
        out.writeUTF(w.feature());
        w.drift().writeTo(out);
    }

    @Override
    public FeatureWindow deserialize(DataInputView in) throws IOException {
        if (!in.readBoolean()) return new FeatureWindow();
        String path = in.readUTF(), feature = in.readUTF();
        return new FeatureWindow(path, feature, DriftPartial.readFrom(in));
    }

    @Override
    public FeatureWindow deserialize(FeatureWindow reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<FeatureWindow> snapshotConfiguration() {
        return new FeatureWindowSerializerSnapshot();
    }

    public static final class FeatureWindowSerializerSnapshot extends SimpleTypeSerializerSnapshot<FeatureWindow> {
        public FeatureWindowSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
