package io.modelwatch.reference;

/** How many reference records a model had, and their time span, as one subtask saw them. A Flink POJO. */
public final class ModelRecords {
    public String model;
    public long records;
    public long minTs = Long.MAX_VALUE;
    public long maxTs = Long.MIN_VALUE;
    /** The joint sample of this subtask's records (contract 2b), {@link io.modelwatch.multivariate.RecordSample} bytes, or null. */
    public byte[] joint;
    /** Its embedding features' builders ({@link io.modelwatch.multivariate.EmbeddingReferences} bytes), or null. */
    public byte[] embeddings;

    public ModelRecords() {}

    public ModelRecords(String model) {
        this.model = model;
    }

    void add(long ts) {
        records++;
        minTs = Math.min(minTs, ts);
        maxTs = Math.max(maxTs, ts);
    }

    void merge(ModelRecords o) {
        records += o.records;
        minTs = Math.min(minTs, o.minTs);
        maxTs = Math.max(maxTs, o.maxTs);
        // joint is not merged here: its one caller, the snapshot writer, takes each reader's sample out first and
        // merges the samples record by record (decoding and re-encoding per merge held 306 MB for 5000 x 1000);
        // a sample reaching this point would be dropped, so say so instead
        if (o.joint != null) throw new IllegalStateException("the joint sample of " + o.model + " must be merged by the snapshot writer");
        embeddings = io.modelwatch.multivariate.EmbeddingReferences.merge(embeddings, o.embeddings);
    }
}
