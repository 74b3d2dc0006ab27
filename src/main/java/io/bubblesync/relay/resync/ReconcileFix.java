package io.bubblesync.relay.resync;

import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.db.Transaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * reconcile --fix: puts a table back in step through sync_queue, so ordering, leases and retries apply: an INSERT for
 * a missing row; for a dangling Bubble id, the id cleared and an INSERT (or, when one object carries the row's lookup
 * value, that object's id written back and an UPDATE); an UPDATE for drift; the id of the one object carrying a row's
 * lookup value written back where the row had none (as a create's write-back would have). Orphans and duplicates are
 * never touched, except orphans' DELETEs with {@code --delete-orphans}, and an object made after the reconcile began
 * reading is never taken for an orphan (a live create's id may not be written back yet). Rows carry the run: live
 * changes go first. Ids and queue rows are written in one transaction, each row as it is then (reconcile-enqueue.sql):
 * a change made while the reconcile read Bubble is never undone.
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
    private final List<String> objectIds = new ArrayList<>();

    /** young: ids of objects made after the reconcile began reading, never deleted as orphans. */
    static Done apply(DataSource ds, ResyncTable table, long run, String idColumn, List<Finding> findings, boolean deleteOrphans,
                      Set<String> young) throws SQLException {
        return new ReconcileFix().plan(findings, deleteOrphans, young).write(ds, table, run, idColumn);
    }

    private long cleared;
    private long adopted;

    private ReconcileFix plan(List<Finding> findings, boolean deleteOrphans, Set<String> young) {
        for (Finding f : findings) {
            switch (f.kind()) {
                case MISSING_IN_BUBBLE -> enqueue(f.key(), "INSERT", null);
                case DANGLING_BUBBLE_ID -> {
                    setId(f.key(), f.rowBubbleId(), f.objectId());
                    enqueue(f.key(), f.objectId() == null ? "INSERT" : "UPDATE", null);
                }
                case DRIFT -> {
                    if (f.adopts()) {
                        setId(f.key(), f.rowBubbleId(), f.objectId());
                    }
                    enqueue(f.key(), "UPDATE", null);
                }
                case IN_SYNC -> {
                    if (f.adopts()) {
                        setId(f.key(), f.rowBubbleId(), f.objectId());
                    }
                }
                case ORPHANS_IN_BUBBLE -> {
                    if (deleteOrphans && !young.contains(f.objectId())) {
                        enqueue(ORPHAN_RECORD + f.objectId(), "DELETE", f.objectId());
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

    private void enqueue(String record, String operation, String objectId) {
        records.add(record);
        operations.add(operation);
        objectIds.add(objectId);
    }

    private Done write(DataSource ds, ResyncTable table, long run, String idColumn) throws SQLException {
        List<String> enqueued = Transaction.run(ds, c -> {
            if (!keys.isEmpty()) {
                table.statement(SET_ID).update(c, keys.toArray(String[]::new), oldIds.toArray(String[]::new), newIds.toArray(String[]::new));
            }
            if (records.isEmpty()) {
                return List.of();
            }
            return table.statement(ENQUEUE).query(c, table.name(), run, idColumn, records.toArray(String[]::new),
                    operations.toArray(String[]::new), objectIds.toArray(String[]::new)).stream().map(r -> (String) r.get("record_id")).toList();
        });
        // the DELETEs that went in (an orphan a row carries by now is left alone), not those planned
        long deletes = enqueued.stream().filter(r -> r.startsWith(ORPHAN_RECORD)).count();
        return new Done(enqueued.size(), cleared, adopted, deletes);
    }
}
