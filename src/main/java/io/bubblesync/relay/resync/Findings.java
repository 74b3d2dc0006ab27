package io.bubblesync.relay.resync;

import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** sync_bulk_finding: what a table's last reconcile said of each row, written in chunks, the previous run's removed. */
final class Findings {
    private static final SqlFile CLEAR = SqlFile.load("reconcile-findings-clear.sql");
    private static final SqlFile WRITE = SqlFile.load("reconcile-findings-write.sql");
    private static final int CHUNK = 5000;

    private Findings() {
    }

    static void replace(DataSource ds, long run, String table, List<Finding> findings) throws SQLException {
        List<Finding> rows = findings.stream().filter(f -> f.key() != null).toList();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Finding> part = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            WRITE.update(ds, run, table, part.stream().map(Finding::key).toArray(String[]::new),
                    part.stream().map(f -> f.kind().json()).toArray(String[]::new),
                    part.stream().map(f -> f.objectId() != null ? f.objectId() : f.rowBubbleId()).toArray(String[]::new),
                    part.stream().map(f -> f.details().isEmpty() ? null : String.join(", ", f.details())).toArray(String[]::new));
        }
        CLEAR.update(ds, table, run);
    }
}
