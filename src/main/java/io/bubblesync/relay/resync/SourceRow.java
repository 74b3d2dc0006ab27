package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One row of a source table as a reconcile reads it: its key, its Bubble id (null when none) and the row as JSON. */
public record SourceRow(String key, String bubbleId, ObjectNode row) {
}
