package io.bubblesync.relay.ops;

import io.bubblesync.relay.db.DashboardReadings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /admin/failed as a shared reading: failed rows needing a person (one page, newest attempt first), how many match,
 * and the tables that have some. The counts by table come from the failed rows' own index (no table read); a filter on
 * the error text has to read each row's message, so that part is read again only when the set of failed rows changed
 * (the fingerprint of failed-summary.sql), not at every refresh.
 */
final class NeedsPersonView implements SharedReadings.Reading {
    private final DashboardReadings readings;
    private final String table;
    private final String match;
    private final int limit;
    private List<Map<String, Object>> lastSummary;
    private Map<String, Object> last;

    NeedsPersonView(DashboardReadings readings, String table, String match, int limit) {
        this.readings = readings;
        this.table = table;
        this.match = match;
        this.limit = limit;
    }

    /** The key the reading is shared under: the view and its parameters. */
    static String key(String table, String match, int limit) {
        return "failed\u0000" + table + "\u0000" + match + "\u0000" + limit;
    }

    @Override
    public synchronized Object read() throws Exception {
        List<Map<String, Object>> summary = readings.needingAPersonByTable();
        if (match != null && last != null && summary.equals(lastSummary)) {
            return last; // the same failed rows as at the last reading: their messages have not changed
        }
        long total;
        if (match != null) {
            total = readings.needingAPersonMatching(table, match);
        } else {
            total = summary.stream().filter(t -> table == null || table.equals(t.get("table_name")))
                    .mapToLong(t -> ((Number) t.get("rows")).longValue()).sum();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("rows", readings.needingAPerson(table, match, limit));
        body.put("tables", summary.stream().map(t -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("table_name", t.get("table_name"));
            shown.put("rows", t.get("rows"));
            return shown;
        }).toList());
        lastSummary = summary;
        last = body;
        return body;
    }
}
