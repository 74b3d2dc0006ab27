package io.bubblesync.relay.bubble;

import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The Supabase tables rows come from, as the catalogue knows them: a table_name from sync_queue is looked up in
 * pg_catalog (sql/bubble-source-table.sql), and only the names the catalogue returns, quoted by it, are put into
 * the statements that read Bubble ids, write them back and load a row. Resolutions are kept for a minute.
 */
public final class SourceTables {
    private static final long KEEP_NANOS = 60_000_000_000L;
    private static final SqlFile CATALOGUE = SqlFile.load("bubble-source-table.sql");
    private static final SqlFile READ_IDS = SqlFile.load("bubble-ids-read.sql");
    private static final SqlFile WRITE_IDS = SqlFile.load("bubble-ids-write.sql");
    private static final SqlFile READ_ROW = SqlFile.load("bubble-source-row.sql");

    /** A table that exists with both columns, and its statements. */
    public record Source(String name, String keyType, SqlFile readIds, SqlFile writeIds, SqlFile readRow, Map<String, String> names) {
        /** Another statement on this table: its {table}, {key}, {key_type}, {id} markers filled with the catalogue's names. */
        public SqlFile statement(SqlFile file) {
            return file.withIdentifiers(names);
        }
    }

    /** A source, or the reason there is none (no such table, a column missing). */
    public record Resolution(Source source, String problem) {
    }

    private record Kept(Resolution resolution, long at) {
    }

    private final DataSource ds;
    private final String keyColumn;
    private final String idColumn;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    public SourceTables(DataSource ds, String keyColumn, String idColumn) {
        this.ds = ds;
        this.keyColumn = keyColumn;
        this.idColumn = idColumn;
    }

    public Resolution resolve(String table) throws SQLException {
        Kept k = kept.get(table);
        if (k != null && System.nanoTime() - k.at() < KEEP_NANOS) {
            return k.resolution();
        }
        Resolution r = lookUp(table);
        kept.put(table, new Kept(r, System.nanoTime()));
        return r;
    }

    private Resolution lookUp(String table) throws SQLException {
        List<Map<String, Object>> rows = CATALOGUE.query(ds, keyColumn, idColumn, table);
        if (rows.isEmpty()) {
            return new Resolution(null, "table '" + table + "' does not exist (or is not a table on the search_path)");
        }
        Map<String, Object> r = rows.get(0);
        List<String> missing = new ArrayList<>();
        if (r.get("key_column") == null) {
            missing.add(keyColumn + " (sync.bubble.key-column)");
        }
        if (r.get("id_column") == null) {
            missing.add(idColumn + " (sync.bubble.id-column)");
        }
        if (!missing.isEmpty()) {
            return new Resolution(null, "table '" + table + "' has no column " + String.join(" and no column ", missing));
        }
        Map<String, String> names = Map.of("table", (String) r.get("qualified_table"), "key", (String) r.get("key_column"),
                "key_type", (String) r.get("key_type"), "id", (String) r.get("id_column"));
        return new Resolution(new Source(table, (String) r.get("key_type"), READ_IDS.withIdentifiers(names),
                WRITE_IDS.withIdentifiers(names), READ_ROW.withIdentifiers(names), names), null);
    }

    /**
     * The Bubble ids the source rows hold (keys without a row or without an id are absent). A key that is not a
     * value of the key column's type (a text where the key is a uuid) is reported in {@code invalid}.
     */
    public Ids ids(Source source, Collection<String> keys) throws SQLException {
        Ids out = new Ids(new HashMap<>(), new ArrayList<>());
        if (keys.isEmpty()) {
            return out;
        }
        try {
            read(source, keys, out.ids());
        } catch (SQLException e) {
            if (!isBadValue(e)) {
                throw e;
            }
            for (String key : keys) { // one by one, to find the key(s) the column's type refuses
                try {
                    read(source, List.of(key), out.ids());
                } catch (SQLException one) {
                    if (!isBadValue(one)) {
                        throw one;
                    }
                    out.invalid().add(key);
                }
            }
        }
        return out;
    }

    /** Bubble ids by key, and the keys the key column's type refuses. */
    public record Ids(Map<String, String> ids, List<String> invalid) {
    }

    private void read(Source source, Collection<String> keys, Map<String, String> into) throws SQLException {
        for (Map<String, Object> row : source.readIds().query(ds, (Object) keys.toArray(String[]::new))) {
            Object id = row.get("bubble_id");
            if (id != null && !id.toString().isBlank()) {
                into.put((String) row.get("record_key"), id.toString());
            }
        }
    }

    /** Writes Bubble ids back into the source rows (keys and ids pairwise). */
    public void writeBack(Source source, List<String> keys, List<String> bubbleIds) throws SQLException {
        if (!keys.isEmpty()) {
            source.writeIds().update(ds, keys.toArray(String[]::new), bubbleIds.toArray(String[]::new));
        }
    }

    /** The source row of {@code key} as JSON, if there is one. */
    public Optional<String> row(Source source, String key) throws SQLException {
        List<Map<String, Object>> rows = source.readRow().query(ds, key);
        return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0).get("row_json"));
    }

    private static boolean isBadValue(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }
}
