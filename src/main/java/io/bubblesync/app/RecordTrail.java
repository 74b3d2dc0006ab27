package io.bubblesync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bubblesync.relay.ops.BadInput;
import io.bubblesync.relay.ops.OperatorInput;
import io.bubblesync.relay.resync.ResyncViews;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code status --record T:ID}: every queue row of one record, its Bubble id in the table, the last reconcile's word on it. */
final class RecordTrail {
    private RecordTrail() {
    }

    static int print(Path config, String given, boolean asJson) throws Exception {
        int colon = given.indexOf(':');
        if (colon < 1 || colon == given.length() - 1) {
            throw new BadInput("--record '" + given + "' must be TABLE:RECORD_ID, e.g. listing:L-1");
        }
        String table = OperatorInput.table("--record", given.substring(0, colon));
        String id = given.substring(colon + 1);
        try (Startup startup = Startup.open(config, Startup.Needs.DATABASE)) {
            var bubble = startup.settings().bubble();
            Map<String, Object> trail = new ResyncViews(startup.dataSource(), bubble.keyColumn(), bubble.idColumn()).record(table, id);
            if (asJson) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(trail));
                return 0;
            }
            System.out.println(table + " " + id + ": Bubble id in the table " + (trail.get("source_bubble_id") == null ? "none"
                    : trail.get("source_bubble_id")) + " (" + trail.get("source") + ")");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> queue = (List<Map<String, Object>>) trail.get("queue");
            System.out.println("queue rows: " + (queue.isEmpty() ? "none" : queue.size()));
            for (Map<String, Object> q : queue) {
                System.out.println("  " + q.get("created_at") + " " + q.get("operation") + " " + q.get("status")
                        + " attempts " + q.get("retry_count") + "/" + q.get("max_retries")
                        + (q.get("origin_run") == null ? " live" : " run " + q.get("origin_run"))
                        + (q.get("bubble_id") == null ? "" : " bubble id " + q.get("bubble_id"))
                        + (q.get("failure_kind") == null ? "" : " [" + q.get("failure_kind") + "]")
                        + (q.get("error_message") == null ? "" : " " + q.get("error_message")));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> said = (List<Map<String, Object>>) trail.get("reconcile");
            System.out.println("last reconcile: " + (said.isEmpty() ? "none of this table covered it" : ""));
            for (Map<String, Object> f : said) {
                System.out.println("  " + f.get("kind") + (f.get("bubble_id") == null ? "" : " bubble id " + f.get("bubble_id"))
                        + (f.get("detail") == null ? "" : " (" + f.get("detail") + ")") + ", run " + f.get("run_id") + " at " + f.get("finished_at"));
            }
        }
        return 0;
    }
}
