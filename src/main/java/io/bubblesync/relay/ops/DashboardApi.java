package io.bubblesync.relay.ops;

import io.bubblesync.relay.bubble.TypeRefusals;
import io.bubblesync.relay.bubble.UnknownFields;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.DashboardReadings;
import io.bubblesync.relay.db.QueueStatus;
import io.bubblesync.relay.db.RelayControl;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.resync.ResyncViews;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The admin API's read-only views behind the dashboard (routes/admin.camel.yaml): GET /admin/overview,
 * /admin/throughput, /admin/failed. JSON, same token rule as every /admin call (see {@link AdminAccess}).
 */
public class DashboardApi {
    private final RelaySettings settings;
    private final DataSource ds;
    private final RelayControl control;
    private final EndpointBreaker breaker;
    private final DashboardReadings readings;
    private final AdminAccess access;
    private final ResyncViews resync;

    public DashboardApi(RelaySettings settings, DataSource ds, RelayControl control, EndpointBreaker breaker) {
        this(settings, ds, control, breaker, null);
    }

    /** With the background queue reading: views answer 503 at once while the database is away, and within a second. */
    public DashboardApi(RelaySettings settings, DataSource ds, RelayControl control, EndpointBreaker breaker, QueueWatch queue) {
        this.settings = settings;
        this.ds = ds;
        this.control = control;
        this.breaker = breaker;
        this.readings = new DashboardReadings(ds);
        this.access = new AdminAccess(settings.adminToken(), queue == null ? null : new DatabaseWait(queue));
        this.resync = new ResyncViews(ds, settings.bubble().keyColumn(), settings.bubble().idColumn());
    }

    /** GET /admin/resync: the latest backfill (progress, rows/s, ETA) and reconcile (its report) of each table. */
    public void resync(Exchange exchange) throws Exception {
        access.answer(exchange, in -> resync.runs());
    }

    /**
     * GET /admin/record?table=T&amp;id=ID, "where is record X?": every queue row of the record (attempts, errors, Bubble
     * id), its Bubble id in the source table, and what the last reconcile said of it.
     */
    public void record(Exchange exchange) throws Exception {
        access.answer(exchange, in -> {
            String table = blankToNull(in, "table");
            String id = blankToNull(in, "id");
            if (table == null || id == null) {
                throw new IllegalArgumentException("say which record: table=<table_name>&id=<record_id>");
            }
            try {
                OperatorInput.table("table", table);
            } catch (BadInput e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (id.length() > 1000) {
                throw new IllegalArgumentException("id is longer than 1000 characters");
            }
            return resync.record(table, id);
        });
    }

    /** The queue now: counts, oldest due row, failures, rows in flight by instance, pause, breaker, target (and Bubble's state). */
    public void overview(Exchange exchange) throws Exception {
        access.answer(exchange, in -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("read_at", Instant.now().toString());
            body.put("instance", settings.instanceId());
            body.put("target", Map.of("name", settings.target().configName(), "url", publicUrl(settings.endpointUrl())));
            body.put("breaker", breaker.state());
            body.put("control", control.state());
            body.put("queue", QueueStatus.read(ds));
            body.put("oldest_due_seconds", readings.oldestDueSeconds());
            body.put("processing", readings.processingByInstance());
            WakeupStatus wakeup = in.getExchange().getContext().getRegistry().lookupByNameAndType("wakeupStatus", WakeupStatus.class);
            if (wakeup != null) {
                body.put("wakeup", wakeup.view());
            }
            bubble(in.getExchange().getContext()).ifPresent(b -> body.put("bubble", b));
            return body;
        });
    }

    /**
     * sync.target=bubble: the unknown-fields policy, the Swagger file's state, the fields left out so far, and what
     * Bubble refuses (the key, types), all already scrubbed of the key.
     */
    private static Optional<Map<String, Object>> bubble(CamelContext context) {
        UnknownFields fields = context.getRegistry().lookupByNameAndType("unknownFields", UnknownFields.class);
        TypeRefusals refusals = context.getRegistry().lookupByNameAndType("typeRefusals", TypeRefusals.class);
        if (fields == null || refusals == null) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>(fields.view());
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("key", refusals.keyRefusal().orElse(null));
        refused.put("types", refusals.refusedTypes());
        out.put("refused", refused);
        return Optional.of(out);
    }

    /** Rows settled per minute by outcome over the last ?minutes= (default 60), and enqueue→settled p50/p95. */
    public void throughput(Exchange exchange) throws Exception {
        access.answer(exchange, in -> {
            int minutes = bounded(in, "minutes", 60, 1440);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("minutes", minutes);
            body.put("per_minute", readings.settledPerMinute(minutes));
            body.put("latency", readings.latency(minutes));
            return body;
        });
    }

    /** Failed rows needing a person (no retry scheduled), ?table= and ?match= (error text) filters, ?limit= (100). */
    public void failed(Exchange exchange) throws Exception {
        access.answer(exchange, in -> readings.needingAPerson(blankToNull(in, "table"), blankToNull(in, "match"),
                bounded(in, "limit", 100, 1000)));
    }

    /** The endpoint URL as it may be shown: no user info, query or fragment, and never the key. */
    String publicUrl(String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        try {
            URI u = new URI(url);
            String shown = new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
            return settings.token().scrub(shown);
        } catch (URISyntaxException e) {
            return "(unparsable URL)";
        }
    }

    private static String blankToNull(Message in, String name) {
        String v = in.getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int bounded(Message in, String name, int byDefault, int max) {
        String v = in.getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + v + " must be a whole number from 1 to " + max);
    }
}
