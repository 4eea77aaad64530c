package io.modelwatch.performance;

import java.util.Locale;

/** What a model predicts (contract section 1b): which figures of section 3e its windows get. */
public enum Task {
    BINARY, MULTICLASS, REGRESSION;

    /** The task named on the command line ({@code binary}, {@code multiclass}, {@code regression}), or null. */
    public static Task parse(String name) {
        if (name == null) return null;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "binary": return BINARY;
            case "multiclass": return MULTICLASS;
            case "regression": return REGRESSION;
            default: return null;
        }
    }

    public String tagName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
