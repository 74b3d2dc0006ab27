package io.bubblesync.relay.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sync.target=bubble: cuts a claim into batches so that its creates of one table, whichever batch of
 * sync.batch.size they would have fallen into, travel together: INSERT rows of one table in batches of up to
 * sync.bubble.bulk-max (each becomes one bulk create, every line settling its own row), every other row in batches
 * of sync.batch.size as before. A claim never holds two open rows of one record, so regrouping keeps per-record order.
 */
public class BubbleBatches extends Batches {
    private final int bulkMax;

    public BubbleBatches(int size, int bulkMax) {
        super(size);
        this.bulkMax = bulkMax;
    }

    /** A claim that fits one batch stays one batch: its creates of one type share a bulk call there already. */
    @Override
    public List<List<Object>> of(List<Object> rows) {
        if (rows.size() <= size()) {
            return super.of(rows);
        }
        Map<String, List<Object>> creates = new LinkedHashMap<>();
        List<Object> others = new ArrayList<>();
        for (Object row : rows) {
            if (row instanceof Map<?, ?> m && "INSERT".equals(m.get("operation")) && m.get("table_name") instanceof String table) {
                creates.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
            } else {
                others.add(row);
            }
        }
        List<List<Object>> batches = new ArrayList<>();
        creates.values().forEach(list -> batches.addAll(cut(list, bulkMax)));
        batches.addAll(super.of(others));
        return batches;
    }
}
