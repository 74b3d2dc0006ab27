package io.bubblesync.relay.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Statements that must commit together (or not at all) on one pooled connection, its autocommit given back as it was. */
public final class Transaction {
    /** What runs inside: statements on {@code c}, returning what the caller needs. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private Transaction() {
    }

    public static <T> T run(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.on(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
