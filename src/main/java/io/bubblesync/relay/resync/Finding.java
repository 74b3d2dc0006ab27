package io.bubblesync.relay.resync;

import java.util.List;

/**
 * What a reconcile found for one row (or, for {@link Kind#ORPHANS_IN_BUBBLE}, one object): its kind, the row's key,
 * the row's Bubble id, the object it matched ({@code objectId}: by Bubble id, else the oldest carrying its lookup value),
 * and the fields that differ (drift) or the other objects carrying its lookup value (duplicates).
 */
public record Finding(Kind kind, String key, String rowBubbleId, String objectId, List<String> details) {

    /** The report's kinds, with the JSON names the issue fixes. */
    public enum Kind {
        IN_SYNC("in_sync"), MISSING_IN_BUBBLE("missing_in_bubble"), DANGLING_BUBBLE_ID("dangling_bubble_id"), DRIFT("drift"),
        ORPHANS_IN_BUBBLE("orphans_in_bubble"), DUPLICATES_IN_BUBBLE("duplicates_in_bubble");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    /** The row has no Bubble id (or a dangling one) and one object carries its lookup value: --fix writes that id back. */
    public boolean adopts() {
        return objectId != null && !objectId.equals(rowBubbleId);
    }
}
