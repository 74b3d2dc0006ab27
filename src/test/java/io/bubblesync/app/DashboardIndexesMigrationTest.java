package io.bubblesync.app;

import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.PgBouncer;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V7's indexes are built CONCURRENTLY where Flyway can hold a session lock (a direct connection, a session pooler),
 * and in the migration's transaction through a transaction pooler, where a session lock cannot be released on the
 * connection that took it. Either way they end valid, and the same V7 satisfies Flyway's validation on both paths.
 */
class DashboardIndexesMigrationTest {

    @Test
    void a_database_migrated_through_a_transaction_pooler_gets_valid_dashboard_indexes_and_validates_directly() throws Exception {
        String direct = TestPostgres.newDatabase();
        try (PgBouncer transaction = PgBouncer.start(PgBouncer.Mode.TRANSACTION)) {
            int applied = Schema.migrate(source(transaction.urlFor(direct)));
            assertThat(applied).isPositive();
        }
        assertThat(validIndexes(direct)).contains("sync_queue_history_idx", "sync_queue_needs_person_idx");
        assertThat(Schema.migrate(source(direct))).as("the same V7, checked directly").isZero();
    }

    @Test
    void a_direct_migration_builds_them_concurrently_without_waiting_on_its_own_lock() throws Exception {
        String direct = TestPostgres.newDatabase();
        assertThat(Schema.migrate(source(direct))).isPositive();
        assertThat(validIndexes(direct)).contains("sync_queue_history_idx", "sync_queue_needs_person_idx");
    }

    private static PGSimpleDataSource source(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        return ds;
    }

    private static List<String> validIndexes(String url) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                     + "WHERE i.indrelid = 'sync_queue'::regclass AND i.indisvalid")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
