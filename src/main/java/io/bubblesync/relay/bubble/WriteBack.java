package io.bubblesync.relay.bubble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Created (or adopted) rows: their new Bubble ids are written back into the source rows first, then they complete. */
final class WriteBack {
    private final SourceTables sources;

    WriteBack(SourceTables sources) {
        this.sources = sources;
    }

    /** One statement per source table, then one completion per row ({@code note}: e.g. "adopted", or null). */
    void completed(BubbleOutcome outcome, List<BubbleRow> rows, List<String> ids, String note) throws Exception {
        Map<SourceTables.Source, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            bySource.computeIfAbsent(rows.get(i).source(), s -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<SourceTables.Source, List<Integer>> e : bySource.entrySet()) {
            sources.writeBack(e.getKey(), e.getValue().stream().map(i -> rows.get(i).key()).toList(),
                    e.getValue().stream().map(ids::get).toList());
        }
        for (int i = 0; i < rows.size(); i++) {
            outcome.completed(rows.get(i), ids.get(i), rows.get(i).op(), note);
        }
    }
}
