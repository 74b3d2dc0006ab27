package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reconcile --fix writes what the table holds when it writes, not what it read minutes before, while Bubble was being
 * read: a change made meanwhile is never undone, a row deleted meanwhile is not sent again, a record a live create
 * has given an object meanwhile gets no second one, and an object a row now points at, or one Bubble made after the
 * reconcile began, is never deleted as an orphan.
 */
class ReconcileFixNowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HikariDataSource ds;
    private ResyncTable table;

    @BeforeEach
    void aTableReadByAReconcileAndChangedSince() throws Exception {
        ds = new HikariDataSource();
        ds.setJdbcUrl(TestPostgres.newDatabase());
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(2);
        Schema.migrate(ds);
        sql("CREATE TABLE listing (id text PRIMARY KEY, bubble_id text, title text)");
        sql("INSERT INTO listing VALUES ('drifted', 'obj-1', 'new title'), ('created-meanwhile', 'obj-live', 'x'), "
                + "('missing', NULL, 'still missing'), ('orphan-adopted', 'obj-4', 'y')");
        // 'deleted' was read by the reconcile and has been deleted since
        table = ResyncTable.resolve(ds, "listing", "id", "bubble_id", "");
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void fixes_enqueue_each_record_as_its_row_is_now_and_leave_alone_what_changed_meanwhile() throws Exception {
        List<Finding> read = List.of(
                new Finding(Finding.Kind.DRIFT, "drifted", "obj-1", "obj-1", List.of("title")),    // read with 'old title'
                new Finding(Finding.Kind.DRIFT, "deleted", "obj-2", "obj-2", List.of("title")),    // gone since
                new Finding(Finding.Kind.MISSING_IN_BUBBLE, "created-meanwhile", null, null, List.of()), // a live create since
                new Finding(Finding.Kind.MISSING_IN_BUBBLE, "missing", null, null, List.of()),
                new Finding(Finding.Kind.ORPHANS_IN_BUBBLE, null, null, "obj-4", List.of()),       // a row points at it now
                new Finding(Finding.Kind.ORPHANS_IN_BUBBLE, null, null, "obj-young", List.of()),   // made after the read began
                new Finding(Finding.Kind.ORPHANS_IN_BUBBLE, null, null, "obj-orphan", List.of()));

        ReconcileFix.Done done = ReconcileFix.apply(ds, table, 7, "bubble_id", read, true, Set.of("obj-young"));

        Map<String, String> queued = queued();
        assertThat(queued).containsOnlyKeys("drifted", "missing", "bubble:obj-orphan");
        ObjectNode drifted = (ObjectNode) JSON.readTree(queued.get("drifted"));
        assertThat(drifted.path("title").asText()).as("the row as it is now").isEqualTo("new title");
        assertThat(drifted.path("bubble_id").asText()).isEqualTo("obj-1");
        assertThat(JSON.readTree(queued.get("missing")).path("bubble_id").isNull()).isTrue();
        assertThat(JSON.readTree(queued.get("bubble:obj-orphan")).path("bubble_id").asText()).isEqualTo("obj-orphan");
        assertThat(done.enqueued()).isEqualTo(3);
    }

    @Test
    void objects_made_after_the_reconcile_began_reading_are_young_and_one_without_a_date_counts_as_young() {
        Instant from = Instant.parse("2026-12-03T10:00:00Z");
        List<ObjectNode> objects = List.of(object("old", "2026-12-03T09:59:59.999Z"), object("new", "2026-12-03T10:00:00.000Z"),
                object("undated", null));
        assertThat(Reconcile.madeSince(objects, from)).containsExactlyInAnyOrder("new", "undated");
    }

    @Test
    void a_created_date_in_epoch_milliseconds_is_read_too() {
        Instant from = Instant.parse("2026-12-03T10:00:00Z");
        ObjectNode old = JSON.createObjectNode().put("_id", "old").put("Created Date", from.toEpochMilli() - 1);
        ObjectNode made = JSON.createObjectNode().put("_id", "new").put("Created Date", from.toEpochMilli());
        assertThat(Reconcile.madeSince(List.of(old, made), from)).containsExactly("new");
    }

    private static ObjectNode object(String id, String created) {
        ObjectNode o = JSON.createObjectNode().put("_id", id);
        if (created != null) {
            o.put("Created Date", created);
        }
        return o;
    }

    private Map<String, String> queued() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT record_id, operation, payload::text FROM sync_queue WHERE origin_run = 7")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(3));
            }
        }
        return out;
    }

    private void sql(String statement) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
