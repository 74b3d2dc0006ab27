package io.bubblesync.relay.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/** Returns claimed-but-unsent rows to the state they were claimed from (sql/hand-back.sql). */
public final class HandBack {
    private static final String SQL = load();

    private final DataSource ds;
    private final String instanceId;

    public HandBack(DataSource ds, String instanceId) {
        this.ds = ds;
        this.instanceId = instanceId;
    }

    /** Hands back the given rows if this instance still holds them; returns how many went back. */
    public int rows(Collection<String> ids) throws SQLException {
        return run(ids);
    }

    /** Hands back every row this instance still holds (after the routes stopped). */
    public int all() throws SQLException {
        return run(null);
    }

    private int run(Collection<String> ids) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            Array array = ids == null ? null : c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray());
            ps.setString(1, instanceId);
            ps.setArray(2, array);
            ps.setArray(3, array);
            return ps.executeUpdate();
        }
    }

    private static String load() {
        try (InputStream in = HandBack.class.getClassLoader().getResourceAsStream("sql/hand-back.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
