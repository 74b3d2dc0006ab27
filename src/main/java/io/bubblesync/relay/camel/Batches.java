package io.bubblesync.relay.camel;

import java.util.ArrayList;
import java.util.List;

/** Cuts the claimed rows into batches of sync.batch.size, in claim order (the split's expression). */
public class Batches {
    private final int size;

    public Batches(int size) {
        this.size = size;
    }

    public List<List<Object>> of(List<Object> rows) {
        List<List<Object>> batches = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            batches.add(new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + size))));
        }
        return batches;
    }

    /** A batch of one row: how a rejected batch is re-sent. */
    public List<Object> one(Object row) {
        return List.of(row);
    }
}
