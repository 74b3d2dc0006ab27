package io.bubblesync.relay.camel;

import java.util.ArrayList;
import java.util.List;

/** Cuts the claimed rows into batches of sync.batch.size, in claim order (the split's expression). */
public class Batches {
    private final int size;

    public Batches(int size) {
        this.size = size;
    }

    /** Rows per batch: sync.batch.size. */
    int size() {
        return size;
    }

    public List<List<Object>> of(List<Object> rows) {
        return cut(rows, size);
    }

    /** {@code rows} in order, in pieces of at most {@code size}. */
    static List<List<Object>> cut(List<Object> rows, int size) {
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
