package io.modelwatch.stream;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information of {@link PanePartial}: its own serializer, not the POJO one. */
public final class PanePartialTypeInfo extends TypeInformation<PanePartial> {
    private static final long serialVersionUID = 1L;
    public static final PanePartialTypeInfo INSTANCE = new PanePartialTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PanePartial> getTypeClass() {
        return PanePartial.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PanePartial> createSerializer(SerializerConfig config) {
        return PanePartialSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PanePartial(version + sparse)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PanePartialTypeInfo;
    }

    @Override
    public int hashCode() {
        return PanePartialTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof PanePartialTypeInfo;
    }
}
