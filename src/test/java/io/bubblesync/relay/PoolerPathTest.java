package io.bubblesync.relay;

import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.app.CliRun;
import io.bubblesync.relay.camel.EmbeddedRelay;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.ops.WakeupStatus;
import io.bubblesync.relay.support.RecordingSink;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.db.ConnectionPath;
import io.bubblesync.relay.support.PgBouncer;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.PGConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What the relay measures about its path to the database, and the schema migrated through a transaction pooler. */
class PoolerPathTest {
    private static PgBouncer transaction;
    private static PgBouncer session;

    @BeforeAll
    static void poolers() {
        transaction = PgBouncer.start(PgBouncer.Mode.TRANSACTION);
        session = PgBouncer.start(PgBouncer.Mode.SESSION);
    }

    @AfterAll
    static void stop() {
        transaction.close();
        session.close();
    }

    private static Properties postgres() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return p;
    }

    @Test
    void the_probe_tells_a_direct_connection_a_session_pooler_and_a_transaction_pooler_apart() throws Exception {
        String direct = TestPostgres.newDatabase();

        ConnectionPath viaTransaction = ConnectionPath.probe(transaction.urlFor(direct), postgres());
        ConnectionPath viaSession = ConnectionPath.probe(session.urlFor(direct), postgres());
        ConnectionPath straight = ConnectionPath.probe(direct, postgres());

        assertThat(viaTransaction.kind()).as(viaTransaction.evidence()).isEqualTo(ConnectionPath.Kind.TRANSACTION_POOLER);
        assertThat(viaSession.kind()).as(viaSession.evidence()).isEqualTo(ConnectionPath.Kind.SESSION_POOLER);
        assertThat(straight.kind()).as(straight.evidence()).isEqualTo(ConnectionPath.Kind.DIRECT);
    }

    @Test
    void the_probe_measures_the_transaction_pooler_even_when_the_url_prepares_every_statement() throws Exception {
        // a host's URL (Spring Boot: the DataSource's) may say anything; the probe's own statements stay unprepared
        String url = transaction.urlFor(TestPostgres.newDatabase()) + "?prepareThreshold=1";

        ConnectionPath path = ConnectionPath.probe(url, postgres());

        assertThat(path.kind()).as(path.evidence()).isEqualTo(ConnectionPath.Kind.TRANSACTION_POOLER);
    }

    @Test
    void a_fresh_database_is_migrated_through_the_transaction_pooler_and_again_without_an_error_line() throws Exception {
        String url = transaction.urlFor(TestPostgres.newDatabase());
        Map<String, String> db = Map.of("sync.db.url", url);

        CliRun first = CliRun.of(db, "migrate");
        CliRun again = CliRun.of(db, "migrate");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("migration(s) applied; schema is current");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 migration(s) applied");
        assertThat(first.out() + first.err() + again.out() + again.err()).doesNotContain("ERROR").doesNotContain("already exists")
                .doesNotContain("Unable to");
        try (Connection c = DriverManager.getConnection(url, postgres()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sync_relay_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void backfill_through_the_transaction_pooler_is_refused_in_one_line_and_works_through_the_session_pooler() throws Exception {
        String direct = TestPostgres.newDatabase();
        assertThat(CliRun.of(Map.of("sync.db.url", direct), "migrate").exitCode()).isZero();
        try (Connection c = DriverManager.getConnection(direct, postgres()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE listing (id bigint PRIMARY KEY, bubble_id text)");
            st.execute("INSERT INTO listing (id) SELECT g FROM generate_series(1, 20) g");
        }

        CliRun refused = CliRun.of(Map.of("sync.db.url", transaction.urlFor(direct), "sync.bubble.key-column", "id"), "backfill", "--table", "listing");
        CliRun done = CliRun.of(Map.of("sync.db.url", session.urlFor(direct), "sync.bubble.key-column", "id"), "backfill", "--table", "listing");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("backfill holds a session lock on its table for the whole run, which a transaction pooler cannot keep")
                .contains("run it with the session pooler's URL (port 5432) or the direct connection");
        assertThat(done.exitCode()).as(done.err()).isZero();
        try (Connection c = DriverManager.getConnection(direct, postgres()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sync_queue WHERE table_name = 'listing'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("enqueued through the session pooler only").isEqualTo(20);
        }
    }

    @Test
    void behind_the_transaction_pooler_the_pool_sends_no_set_and_still_cancels_a_statement_past_the_timeout() throws Exception {
        Properties p = RelayHarness.defaults("http://127.0.0.1:9/unused");
        p.setProperty("sync.db.url", transaction.urlFor(TestPostgres.newDatabase()));
        p.setProperty("sync.db.statement-timeout", "1s");
        p.setProperty("sync.db.socket-timeout", "10s");
        RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
        try (HikariDataSource pool = Database.open(settings); Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).as("no session SET reached a server connection").isEqualTo("0");
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> st.execute("SELECT pg_sleep(5)")).isInstanceOf(java.sql.SQLException.class)
                    .satisfies(e -> assertThat(((java.sql.SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat((System.nanoTime() - started) / 1_000_000).as("cancelled after the 1 s timeout").isBetween(900L, 4_000L);
        }
    }

    @Test
    void doctor_reports_the_path_and_the_connections_one_relay_opens_on_each() {
        String direct = TestPostgres.newDatabase();

        String viaTransaction = CliRun.of(Map.of("sync.db.url", transaction.urlFor(direct)), "doctor").out();
        String viaSession = CliRun.of(Map.of("sync.db.url", session.urlFor(direct)), "doctor").out();
        String straight = CliRun.of(Map.of("sync.db.url", direct), "doctor").out();

        assertThat(viaTransaction).contains("✔ database path: transaction pooler (").contains("the wake-up polls")
                .contains("✔ connections: one relay opens 7 (pool 7 = sync.db.pool-size, by default sync.concurrency + sync.wakeup.lanes + 1; "
                        + "the wake-up polls over the pool), all to the pooler");
        assertThat(viaSession).contains("✔ database path: session pooler (the server listens on port " + TestPostgres.server().getPort())
                .contains("✔ connections: one relay opens 8 (").contains("and 1 for the wake-up's LISTEN)")
                .contains("through a session pooler each is also one of its clients");
        assertThat(straight).contains("✔ database path: direct (one backend per connection")
                .contains("2 relays need 16; the server allows 300 (max_connections) − 3 reserved − ");
    }

    @Test
    void doctor_warns_when_the_relays_it_is_told_of_would_exceed_the_servers_connections() {
        String direct = TestPostgres.newDatabase();

        CliRun forty = CliRun.of(Map.of("sync.db.url", direct), "doctor", "--relays", "40");
        CliRun smaller = CliRun.of(Map.of("sync.db.url", direct, "sync.db.pool-size", "3", "sync.wakeup.mode", "poll"), "doctor", "--relays", "40");

        assertThat(forty.out()).containsPattern("⚠ connections: 40 relays would need 320 and one relay opens 8 \\(.*\\); the server allows 300 "
                + "\\(max_connections\\) − 3 reserved − \\d+ other clients now = \\d+, room for \\d+ relays — fix: make each relay smaller");
        assertThat(smaller.out()).contains("✔ connections: one relay opens 3 (pool 3 = sync.db.pool-size; the wake-up polls over the pool); "
                + "40 relays need 120");
    }

    @Test
    void an_embedded_relay_behind_the_transaction_pooler_borrows_without_session_state_and_delivers_by_polling() throws Exception {
        String direct = TestPostgres.newDatabase();
        String pooled = transaction.urlFor(direct);
        try (RecordingSink sink = new RecordingSink(31, 0, 0, 0, 0)) {
            Properties p = RelayHarness.defaults(sink.url());
            p.setProperty("sync.db.url", pooled);
            p.setProperty("sync.wakeup.enabled", "true");
            RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
            try (HikariDataSource migration = Database.open(settings)) {
                Schema.migrate(migration);
            }
            // the host's own pool through the pooler, with pgjdbc's defaults (it prepares after 5 uses)
            try (HikariDataSource hostPool = new HikariDataSource(); DefaultCamelContext host = new DefaultCamelContext()) {
                hostPool.setJdbcUrl(pooled);
                hostPool.setUsername("postgres");
                hostPool.setMaximumPoolSize(6);
                EmbeddedRelay.install(host, settings, hostPool);
                host.start();
                DataSource relays = host.getRegistry().lookupByNameAndType("syncDataSource", DataSource.class);
                try (Connection c = relays.getConnection(); Statement st = c.createStatement()) {
                    assertThat(c.unwrap(PGConnection.class).getPrepareThreshold()).as("nothing prepared on a server connection").isZero();
                    assertThat(st.getQueryTimeout()).as("the statement timeout, as a cancel").isEqualTo(60);
                    try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                        rs.next();
                        assertThat(rs.getString(1)).as("no SET sent").isEqualTo("0");
                    }
                }
                try (Connection c = hostPool.getConnection()) {
                    assertThat(c.unwrap(PGConnection.class).getPrepareThreshold()).as("the host's value again").isEqualTo(5);
                }
                WakeupStatus wakeup = host.getRegistry().lookupByNameAndType("wakeupStatus", WakeupStatus.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> wakeup.mode() == WakeupStatus.Mode.POLL);

                for (int i = 0; i < 10; i++) {
                    try (Connection c = DriverManager.getConnection(direct, postgres()); Statement st = c.createStatement()) {
                        st.execute("INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT 'orders', 'e-" + i
                                + "-' || g, 'UPDATE', '{}' FROM generate_series(1, 30) g");
                    }
                }

                await().atMost(Duration.ofSeconds(30)).until(() -> completed(direct) == 300);
                assertThat(sink.accepted()).hasSize(300);
                assertThat(sink.accepted().stream().map(RecordingSink.Delivery::id).distinct().count()).isEqualTo(300);
            }
        }
    }

    private static int completed(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, postgres()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sync_queue WHERE status = 'completed'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
