package io.bubblesync.relay.resync;

import io.bubblesync.relay.bubble.SourceTables;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.ops.BadInput;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A source table a backfill or reconcile works on, resolved against the catalogue as delivery resolves it
 * ({@link SourceTables}: the key and Bubble-id columns), plus the column that says when a row changed
 * ({@code sync.backfill.changed-column}, needed only by {@code --since}). Its statements get only catalogue-quoted names.
 */
public final class ResyncTable {
    private static final SqlFile CHANGED = SqlFile.load("resync-changed-column.sql");
    /** What {changed} becomes when the table has no such column (and --since is not used). */
    private static final String NO_CHANGED_COLUMN = "CAST(NULL AS timestamptz)";

    private final String name;
    private final SourceTables.Source source;
    private final Map<String, String> names;
    private final boolean hasChangedColumn;

    private ResyncTable(String name, SourceTables.Source source, Map<String, String> names, boolean hasChangedColumn) {
        this.name = name;
        this.source = source;
        this.names = names;
        this.hasChangedColumn = hasChangedColumn;
    }

    public static ResyncTable resolve(DataSource ds, String table, String keyColumn, String idColumn, String changedColumn) throws SQLException {
        SourceTables.Resolution r = new SourceTables(ds, keyColumn, idColumn).resolve(table);
        if (r.source() == null) {
            throw new BadInput("--table " + r.problem());
        }
        Map<String, String> names = new HashMap<>(r.source().names());
        List<Map<String, Object>> changed = changedColumn.isEmpty() ? List.of() : CHANGED.query(ds, table, changedColumn);
        names.put("changed", changed.isEmpty() ? NO_CHANGED_COLUMN : "s." + changed.get(0).get("changed_column"));
        return new ResyncTable(table, r.source(), Map.copyOf(names), !changed.isEmpty());
    }

    /** The name as sync_queue.table_name holds it. */
    public String name() {
        return name;
    }

    public SourceTables.Source source() {
        return source;
    }

    public boolean hasChangedColumn() {
        return hasChangedColumn;
    }

    /** {@code file} on this table: its markers filled with the catalogue's names. */
    public SqlFile statement(SqlFile file) {
        return file.withIdentifiers(names);
    }
}
