package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * reconcile --fix: puts a table back in step through sync_queue, so ordering, leases and retries apply: an INSERT for
 * a missing row; for a dangling Bubble id, the id cleared and an INSERT (or, when one object carries the row's lookup
 * value, that object's id written back and an UPDATE); an UPDATE for drift; the id of the one object carrying a row's
 * lookup value written back where the row had none (as a create's write-back would have). Orphans and duplicates are
 * never touched, except orphans' DELETEs with {@code --delete-orphans}. Rows carry the run: live changes go first.
 */
public final class ReconcileFix {
    private static final SqlFile SET_ID = SqlFile.load("reconcile-set-id.sql");
    private static final SqlFile ENQUEUE = SqlFile.load("reconcile-enqueue.sql");
    /** Orphans have no row: their DELETEs name the object in record_id (never a key of the table) and in the payload. */
    static final String ORPHAN_RECORD = "bubble:";

    /** What --fix did: queue rows added, source rows whose Bubble id it cleared or wrote. */
    public record Done(long enqueued, long cleared, long adopted, long deletes) {
    }

    private final List<String> keys = new ArrayList<>();
    private final List<String> oldIds = new ArrayList<>();
    private final List<String> newIds = new ArrayList<>();
    private final List<String> records = new ArrayList<>();
    private final List<String> operations = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();

    static Done apply(DataSource ds, ResyncTable table, long run, String idColumn, Map<String, SourceRow> rows,
                      List<Finding> findings, boolean deleteOrphans) throws SQLException {
        return new ReconcileFix().plan(table, idColumn, rows, findings, deleteOrphans).write(ds, table, run);
    }

    private long cleared;
    private long adopted;
    private long deletes;

    private ReconcileFix plan(ResyncTable table, String idColumn, Map<String, SourceRow> rows, List<Finding> findings, boolean deleteOrphans) {
        for (Finding f : findings) {
            SourceRow row = f.key() == null ? null : rows.get(f.key());
            switch (f.kind()) {
                case MISSING_IN_BUBBLE -> enqueue(f.key(), "INSERT", payload(row, idColumn, null));
                case DANGLING_BUBBLE_ID -> {
                    setId(f.key(), f.rowBubbleId(), f.objectId());
                    enqueue(f.key(), f.objectId() == null ? "INSERT" : "UPDATE", payload(row, idColumn, f.objectId()));
                }
                case DRIFT -> {
                    if (f.adopts()) {
                        setId(f.key(), f.rowBubbleId(), f.objectId());
                    }
                    enqueue(f.key(), "UPDATE", payload(row, idColumn, f.objectId()));
                }
                case IN_SYNC -> {
                    if (f.adopts()) {
                        setId(f.key(), f.rowBubbleId(), f.objectId());
                    }
                }
                case ORPHANS_IN_BUBBLE -> {
                    if (deleteOrphans) {
                        deletes++;
                        enqueue(ORPHAN_RECORD + f.objectId(), "DELETE", JsonNodeFactory.instance.objectNode().put(idColumn, f.objectId()).toString());
                    }
                }
                default -> { } // duplicates: reported only
            }
        }
        return this;
    }

    private void setId(String key, String old, String id) {
        keys.add(key);
        oldIds.add(old);
        newIds.add(id);
        if (id == null) {
            cleared++;
        } else {
            adopted++;
        }
    }

    private void enqueue(String record, String operation, String payload) {
        records.add(record);
        operations.add(operation);
        payloads.add(payload);
    }

    /** The row as a trigger would send it, with the Bubble id the fix leaves it (null: none). */
    private static String payload(SourceRow row, String idColumn, String bubbleId) {
        ObjectNode p = row.row().deepCopy();
        if (bubbleId == null) {
            p.putNull(idColumn);
        } else {
            p.put(idColumn, bubbleId);
        }
        return p.toString();
    }

    private Done write(DataSource ds, ResyncTable table, long run) throws SQLException {
        if (!keys.isEmpty()) {
            table.statement(SET_ID).update(ds, keys.toArray(String[]::new), oldIds.toArray(String[]::new), newIds.toArray(String[]::new));
        }
        long enqueued = 0;
        if (!records.isEmpty()) {
            enqueued = ENQUEUE.query(ds, table.name(), run, records.toArray(String[]::new), operations.toArray(String[]::new),
                    payloads.toArray(String[]::new)).size();
        }
        return new Done(enqueued, cleared, adopted, deletes);
    }
}
