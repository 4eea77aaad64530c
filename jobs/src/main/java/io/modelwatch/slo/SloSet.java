package io.modelwatch.slo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The SLOs of an SLO file, in file order (an SLO's index is its identity in state and on the wire). */
public final class SloSet implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<Slo> slos;

    public SloSet(List<Slo> slos) {
        this.slos = new ArrayList<>(slos);
    }

    public List<Slo> all() {
        return List.copyOf(slos);
    }

    public Slo get(int index) {
        return slos.get(index);
    }

    public int size() {
        return slos.size();
    }
}
