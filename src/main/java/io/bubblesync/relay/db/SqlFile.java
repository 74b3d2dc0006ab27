package io.bubblesync.relay.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** One statement from src/main/resources/sql, run over JDBC with positional parameters. */
public final class SqlFile {
    private final String sql;

    private SqlFile(String sql) {
        this.sql = sql;
    }

    public static SqlFile load(String name) {
        try (InputStream in = SqlFile.class.getClassLoader().getResourceAsStream("sql/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sql/" + name + " is not on the classpath");
            }
            return new SqlFile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This statement with its {name} markers replaced: only by identifiers the catalogue itself returned quoted
     * (see bubble-source-table.sql), never by text from data.
     */
    public SqlFile withIdentifiers(Map<String, String> quoted) {
        String out = sql;
        for (Map.Entry<String, String> e : quoted.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return new SqlFile(out);
    }

    public int update(DataSource ds, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, params)) {
            return ps.executeUpdate();
        }
    }

    public List<Map<String, Object>> query(DataSource ds, Object... params) throws SQLException {
        return queryWithin(ds, 0, params);
    }

    /** On a connection the caller holds (in a transaction with other statements, say). */
    public int update(Connection c, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, params)) {
            return ps.executeUpdate();
        }
    }

    /** A statement that returns nothing (SET LOCAL, ...) on a connection the caller holds. */
    public void execute(Connection c) throws SQLException {
        try (PreparedStatement ps = prepare(c)) {
            ps.execute();
        }
    }

    /** A query the server cancels after timeoutSeconds (0: only the connection's statement timeout applies). */
    public List<Map<String, Object>> queryWithin(DataSource ds, int timeoutSeconds, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, params)) {
            ps.setQueryTimeout(timeoutSeconds);
            return rows(ps);
        }
    }

    /** On a connection the caller holds (one that keeps a session lock, say). */
    public List<Map<String, Object>> query(Connection c, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, params)) {
            return rows(ps);
        }
    }

    private static List<Map<String, Object>> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(meta.getColumnLabel(i), value instanceof java.sql.Timestamp ts ? ts.toInstant().toString()
                            : value == null ? null : value instanceof Number || value instanceof Boolean ? value : value.toString());
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private PreparedStatement prepare(Connection c, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
        return ps;
    }
}
