package io.bubblesync.relay.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.QueueMaintenance;
import io.bubblesync.relay.db.QueueStatus;
import io.bubblesync.relay.db.RelayControl;
import io.bubblesync.relay.db.RunHistory;
import io.bubblesync.relay.ops.doctor.Doctor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The /admin endpoints (routes/admin.camel.yaml) on the management port: pause, resume, run-now, requeue,
 * cleanup, status, runs. They answer JSON. With sync.admin.token set every call needs
 * {@code Authorization: Bearer <token>}; without it the server is bound to loopback (start-up checks).
 */
public class AdminApi {
    private final ObjectMapper json = new ObjectMapper();
    private final RelaySettings settings;
    private final DataSource ds;
    private final RelayControl control;
    private final QueueMaintenance maintenance;
    private final RunHistory history;

    public AdminApi(RelaySettings settings, DataSource ds, RelayControl control) {
        this.settings = settings;
        this.ds = ds;
        this.control = control;
        this.maintenance = new QueueMaintenance(ds);
        this.history = new RunHistory(ds);
    }

    public void pause(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            control.set(true, "admin api");
            answer(exchange, 200, control.state());
        }
    }

    public void resume(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            control.set(false, "admin api");
            answer(exchange, 200, control.state());
        }
    }

    /** Starts a processor pass now, without waiting for the cron (returns at once). */
    public void runNow(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            exchange.getContext().createFluentProducerTemplate().to("direct:pass")
                    .withProcessor(ex -> ex.setProperty("job", "processor")).asyncSend();
            answer(exchange, 202, Map.of("triggered", "processor"));
        }
    }

    public void requeue(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            Message in = exchange.getMessage();
            var which = new QueueMaintenance.Selection(in.getHeader("id", String.class), in.getHeader("table", String.class),
                    "true".equals(in.getHeader("all", String.class)), in.getHeader("match", String.class));
            boolean dryRun = "true".equals(in.getHeader("dryRun", String.class));
            var rows = maintenance.requeue(which, dryRun);
            answer(exchange, 200, Map.of("dry_run", dryRun, "rows", rows.size(), "requeued", rows));
        }
    }

    public void cleanup(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            long deleted = maintenance.cleanup(settings.cleanupCompletedRetention(), settings.cleanupFailedRetention());
            answer(exchange, 200, Map.of("deleted", deleted));
        }
    }

    public void status(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("control", control.state());
            body.put("queue", QueueStatus.read(ds));
            answer(exchange, 200, body);
        }
    }

    public void runs(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            answer(exchange, 200, history.recent(exchange.getMessage().getHeader("limit", 20, Integer.class)));
        }
    }

    /** GET /admin/doctor (routes/admin.camel.yaml): the doctor's checks, read-only (no --fix over HTTP). */
    public void doctor(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            answer(exchange, 200, new Doctor(settings, ds).examine(false).asMap());
        }
    }

    private boolean allowed(Exchange exchange) throws Exception {
        if (settings.adminToken().isEmpty()) {
            return true;
        }
        String given = exchange.getMessage().getHeader("Authorization", "", String.class);
        byte[] expected = ("Bearer " + settings.adminToken().reveal()).getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        answer(exchange, 401, Map.of("error", "admin token required: Authorization: Bearer <sync.admin.token>"));
        return false;
    }

    private void answer(Exchange exchange, int status, Object body) throws Exception {
        Message out = exchange.getMessage();
        out.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(body));
    }
}
