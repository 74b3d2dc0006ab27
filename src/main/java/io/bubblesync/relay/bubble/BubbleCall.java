package io.bubblesync.relay.bubble;

import java.util.ArrayList;
import java.util.List;

/**
 * One request to Bubble's Data API and the rows it settles: a create, a bulk create (two or more creates of one
 * type), a PATCH or DELETE by Bubble id, or a search by {@code sync.bubble.lookup-field} before a create that may
 * repeat an earlier one.
 */
public record BubbleCall(Kind kind, String type, List<BubbleRow> rows) {
    public enum Kind { CREATE, BULK, PATCH, DELETE, LOOKUP }

    /** Bubble's search takes at most 100 results a page: a lookup covers at most that many rows. */
    static final int LOOKUP_PAGE = 100;

    /**
     * The calls that create {@code rows} (all of one type): bulk calls of at most {@code bulkMax} lines when allowed and
     * two or more, else one each.
     */
    static List<BubbleCall> creating(String type, List<BubbleRow> rows, boolean bulk, int bulkMax) {
        List<BubbleCall> calls = new ArrayList<>();
        if (bulk && rows.size() >= 2) {
            for (int from = 0; from < rows.size(); from += bulkMax) {
                List<BubbleRow> lines = rows.subList(from, Math.min(rows.size(), from + bulkMax));
                calls.add(lines.size() == 1 ? new BubbleCall(Kind.CREATE, type, List.copyOf(lines)) : new BubbleCall(Kind.BULK, type, List.copyOf(lines)));
            }
        } else {
            rows.forEach(r -> calls.add(new BubbleCall(Kind.CREATE, type, List.of(r))));
        }
        return calls;
    }

    /** Searches for rows whose create may already have happened, 100 rows at most per search. */
    static List<BubbleCall> lookingUp(String type, List<BubbleRow> rows) {
        List<BubbleCall> calls = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += LOOKUP_PAGE) {
            calls.add(new BubbleCall(Kind.LOOKUP, type, List.copyOf(rows.subList(from, Math.min(rows.size(), from + LOOKUP_PAGE)))));
        }
        return calls;
    }

    /** The table the call's rows come from (for the claims' hold of refused types: the queue's table_name). */
    String queueTable() {
        return rows.get(0).row().tableName();
    }
}
