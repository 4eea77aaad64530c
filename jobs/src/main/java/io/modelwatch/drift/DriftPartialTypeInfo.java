package io.modelwatch.drift;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information that gives {@link DriftPartial} its sparse serializer instead of the POJO one. */
public final class DriftPartialTypeInfo extends TypeInformation<DriftPartial> {
    private static final long serialVersionUID = 1L;
    public static final DriftPartialTypeInfo INSTANCE = new DriftPartialTypeInfo();

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
    public Class<DriftPartial> getTypeClass() {
        return DriftPartial.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<DriftPartial> createSerializer(SerializerConfig config) {
        return DriftPartialSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "DriftPartial(sparse)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftPartialTypeInfo;
    }

    @Override
    public int hashCode() {
        return DriftPartialTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof DriftPartialTypeInfo;
    }
}
