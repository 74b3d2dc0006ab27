package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync.bubble.unknown-fields}: what happens to a field the Swagger file does not list among the type's
 * writable ones. {@code fail} (default) sends it and Bubble refuses the row ("Unrecognized field: x", a permanent
 * failure naming the field). {@code drop} leaves it out, reported once per type and field (log line, /admin/overview,
 * the dashboard). Without a Swagger file, or for a type it does not describe, nothing is dropped.
 */
public class UnknownFields {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");

    /** A field left out of a type's calls since {@code since}. */
    public record Dropped(String type, String field, Instant since) {
    }

    private final boolean drop;
    private final Supplier<BubbleSchema> schema;
    private final Clock clock;
    private final Map<String, Dropped> dropped = new ConcurrentHashMap<>();
    private volatile boolean warnedNoSchema;

    public UnknownFields(boolean drop, Supplier<BubbleSchema> schema, Clock clock) {
        this.drop = drop;
        this.schema = schema;
        this.clock = clock;
    }

    public boolean drops() {
        return drop;
    }

    /** Removes from {@code body} the fields type's writable ones do not include (with {@code drop}); {@code keep} is never removed. */
    public void apply(String type, ObjectNode body, String keep) {
        if (!drop || body == null || body.isEmpty()) {
            return;
        }
        BubbleSchema now = schema.get();
        if (!now.present()) {
            if (!warnedNoSchema) {
                warnedNoSchema = true;
                LOG.warn("sync.bubble.unknown-fields=drop, but there is no Swagger file to tell unknown fields ({}): nothing is dropped",
                        now.absence());
            }
            return;
        }
        var writable = now.writableFields(type);
        if (writable.isEmpty()) {
            return;
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals(keep) && !writable.get().containsKey(field)) {
                it.remove();
                report(type, field);
            }
        }
    }

    private void report(String type, String field) {
        Dropped fresh = new Dropped(type, field, clock.instant());
        if (dropped.putIfAbsent(type + "\u0000" + field, fresh) == null) {
            LOG.warn("Bubble type '{}' has no writable field '{}' (its Swagger file): left out of every call"
                    + " (sync.bubble.unknown-fields=drop); map or exclude it in sync_config, or add the field in Bubble", type, field);
        }
    }

    /** Fields dropped so far, by type then field. */
    public List<Dropped> dropped() {
        List<Dropped> out = new ArrayList<>(dropped.values());
        out.sort(Comparator.comparing(Dropped::type).thenComparing(Dropped::field));
        return out;
    }

    /** For /admin/overview: the policy, the Swagger file's state and the dropped fields. */
    public Map<String, Object> view() {
        BubbleSchema now = schema.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unknown_fields", drop ? "drop" : "fail");
        out.put("swagger", now.present() ? Map.of("read_at", now.readAt().toString(), "types", now.types())
                : Map.of("absent", now.absence(), "read_at", now.readAt().toString()));
        out.put("dropped_fields", dropped().stream().map(d -> Map.of("type", d.type(), "field", d.field(), "since", d.since().toString())).toList());
        return out;
    }
}
