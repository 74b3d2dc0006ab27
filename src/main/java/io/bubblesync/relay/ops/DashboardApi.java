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
 * /admin/throughput, /admin/failed. JSON, same token rule as every /admin call (see {@link AdminAccess}). Their
 * database parts are {@link SharedReadings}: one reading per period for all viewers, refreshed in the background while
 * asked for; what the relay holds in memory (breaker, Bubble's state, the oldest due row of the queue reading) is added
 * at each call. {@code read_at} is when the database part was read.
 */
public class DashboardApi {
    private final RelaySettings settings;
    private final DataSource ds;
    private final RelayControl control;
    private final EndpointBreaker breaker;
    private final DashboardReadings readings;
    private final AdminAccess access;
    private final QueueWatch queue;
    private final SharedReadings shared;
    private final ResyncViews resync;

    public DashboardApi(RelaySettings settings, DataSource ds, RelayControl control, EndpointBreaker breaker, QueueWatch queue,
                        SharedReadings shared) {
        this.settings = settings;
        this.ds = ds;
        this.control = control;
        this.breaker = breaker;
        this.queue = queue;
        this.shared = shared;
        this.readings = new DashboardReadings(ds);
        this.access = new AdminAccess(settings.adminToken(), new DatabaseWait(queue));
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
        CamelContext context = exchange.getContext();
        access.answer(exchange, shared, in -> new AdminAccess.View("overview", this::overviewReading, reading -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) reading;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("read_at", read.get("read_at"));
            body.put("instance", settings.instanceId());
            body.put("target", Map.of("name", settings.target().configName(), "url", publicUrl(settings.endpointUrl())));
            body.put("breaker", breaker.state());
            body.put("control", read.get("control"));
            body.put("queue", read.get("queue"));
            double oldest = queue.value("oldest_due_seconds"); // the background queue reading's, every sync.health.sample-interval
            body.put("oldest_due_seconds", Double.isNaN(oldest) ? readings.oldestDueSeconds() : oldest);
            body.put("processing", read.get("processing"));
            WakeupStatus wakeup = context.getRegistry().lookupByNameAndType("wakeupStatus", WakeupStatus.class);
            if (wakeup != null) {
                body.put("wakeup", wakeup.view());
            }
            bubble(context).ifPresent(b -> body.put("bubble", b));
            return body;
        }));
    }

    /** The database part of the overview (also /admin/status's control and queue). */
    Map<String, Object> overviewReading() throws Exception {
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("read_at", Instant.now().toString());
        read.put("control", control.state());
        read.put("queue", QueueStatus.read(ds, shared.settled()));
        read.put("processing", readings.processingByInstance());
        return read;
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
        access.answer(exchange, shared, in -> {
            int minutes = bounded(in, "minutes", 60, 1440);
            return new AdminAccess.View("throughput\u0000" + minutes, () -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("minutes", minutes);
                body.put("per_minute", readings.settledPerMinute(minutes));
                body.put("latency", readings.latency(minutes));
                return body;
            }, reading -> reading);
        });
    }

    /** Failed rows needing a person (no retry scheduled), ?table= and ?match= (error text) filters, ?limit= (100). */
    public void failed(Exchange exchange) throws Exception {
        access.answer(exchange, shared, in -> {
            String table = blankToNull(in, "table");
            String match = blankToNull(in, "match");
            int limit = bounded(in, "limit", 100, 1000);
            return new AdminAccess.View(NeedsPersonView.key(table, match, limit), new NeedsPersonView(readings, table, match, limit), r -> r);
        });
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
