package io.bubblesync.relay.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What an operator asks of the queue: counts by status and operation, backlog age, retry state, recent errors. */
public record QueueStatus(List<Count> counts, Double oldestPendingSeconds, long retryable, long exhausted,
                          long permanent, List<Map<String, Object>> lastErrors) {

    public record Count(String status, String operation, long rows) {
    }

    public static QueueStatus read(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            List<Count> counts = new ArrayList<>();
            try (ResultSet rs = query(c, "SELECT status, operation, count(*) FROM sync_queue GROUP BY status, operation ORDER BY status, operation")) {
                while (rs.next()) {
                    counts.add(new Count(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            Double oldest = null;
            long retryable;
            long exhausted;
            long permanent;
            try (ResultSet rs = query(c, """
                    SELECT extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')),
                           count(*) FILTER (WHERE status = 'failed' AND next_retry_at IS NOT NULL AND COALESCE(retry_count, 0) < COALESCE(max_retries, 3)
                                             AND failure_kind IS DISTINCT FROM 'permanent'),
                           count(*) FILTER (WHERE status = 'failed' AND failure_kind IS DISTINCT FROM 'permanent'
                                             AND (COALESCE(retry_count, 0) >= COALESCE(max_retries, 3) OR failure_kind = 'exhausted')),
                           count(*) FILTER (WHERE status = 'failed' AND failure_kind = 'permanent')
                      FROM sync_queue WHERE status IN ('pending', 'failed')""")) {
                rs.next();
                oldest = rs.getObject(1) == null ? null : rs.getDouble(1);
                retryable = rs.getLong(2);
                exhausted = rs.getLong(3);
                permanent = rs.getLong(4);
            }
            List<Map<String, Object>> errors = new ArrayList<>();
            try (ResultSet rs = query(c, """
                    SELECT id, table_name, record_id, operation, retry_count, failure_kind, error_message,
                           coalesce(processed_at, claimed_at, created_at) AS at
                      FROM sync_queue WHERE status = 'failed' AND error_message IS NOT NULL
                     ORDER BY coalesce(processed_at, claimed_at, created_at) DESC NULLS LAST LIMIT 10""")) {
                while (rs.next()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("id", rs.getString("id"));
                    e.put("table_name", rs.getString("table_name"));
                    e.put("record_id", rs.getString("record_id"));
                    e.put("operation", rs.getString("operation"));
                    e.put("retry_count", rs.getInt("retry_count"));
                    e.put("failure_kind", rs.getString("failure_kind"));
                    e.put("error_message", rs.getString("error_message"));
                    e.put("at", String.valueOf(rs.getTimestamp("at") == null ? null : rs.getTimestamp("at").toInstant()));
                    errors.add(e);
                }
            }
            return new QueueStatus(counts, oldest, retryable, exhausted, permanent, errors);
        }
    }

    private static ResultSet query(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.closeOnCompletion();
        return ps.executeQuery();
    }
}
