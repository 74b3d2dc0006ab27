package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.delivery.ClaimedRow;

/**
 * A claimed row on its way to Bubble: its source table and key (the record_id, or a SIGNUP_ATOMIC's user_id),
 * its Bubble type, what it becomes ({@code CREATE}, {@code CREATE_FROM_UPDATE}, {@code UPDATE}, {@code DELETE}),
 * the mapped fields, and the Bubble id when one is known.
 */
public record BubbleRow(ClaimedRow row, String table, String key, String type, String op, ObjectNode body,
                        SourceTables.Source source, String bubbleId) {

    public boolean creates() {
        return op.equals("CREATE") || op.equals("CREATE_FROM_UPDATE");
    }

    /** The same row sent to an existing Bubble thing instead: PATCH (an UPDATE, or a create whose id is known). */
    BubbleRow patching(String id) {
        return new BubbleRow(row, table, key, type, "UPDATE", body, source, id);
    }
}
