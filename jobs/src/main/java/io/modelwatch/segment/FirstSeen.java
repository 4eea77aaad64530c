package io.modelwatch.segment;

/** A segment value of a model and the event time of its first record (as one subtask saw it). A Flink POJO. */
public final class FirstSeen {
    public String model;
    public String value;
    public long ts;

    public FirstSeen() {}

    FirstSeen(String model, String value, long ts) {
        this.model = model;
        this.value = value;
        this.ts = ts;
    }

    /** Earlier first, then by value: a total order, so every run and parallelism picks the same segments. */
    static int compare(FirstSeen a, FirstSeen b) {
        int c = Long.compare(a.ts, b.ts);
        return c != 0 ? c : a.value.compareTo(b.value);
    }
}
