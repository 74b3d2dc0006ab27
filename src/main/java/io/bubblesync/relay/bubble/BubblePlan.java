package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;

/**
 * Turns a batch's rows into Bubble calls. Per row: sync_config may skip it; its Bubble type is resolved; a type
 * Bubble refuses holds it back; its source table is resolved against the catalogue (a missing table or column
 * fails the row); its Bubble id is read from the source row (else the payload's); then it becomes a PATCH, a
 * DELETE, or a create, and a batch's creates of one type share a bulk call. A create that may repeat an earlier
 * one (a retry, a lease rescue) is looked up in Bubble first when a lookup field is configured.
 */
public class BubblePlan {
    private record Pending(ClaimedRow row, String table, SyncConfig config, String type, JsonNode payload,
                           SourceTables.Source source, String key) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final BubbleSettings settings;
    private final SyncConfigs configs;
    private final SourceTables sources;
    private final BubbleTypes types;
    private final BubbleBody bodies;
    private final TypeRefusals refusals;
    private final UnknownFields unknownFields;

    public BubblePlan(BubbleSettings settings, SyncConfigs configs, SourceTables sources, TypeRefusals refusals, UnknownFields unknownFields) {
        this.settings = settings;
        this.configs = configs;
        this.sources = sources;
        this.types = new BubbleTypes(settings);
        this.bodies = new BubbleBody(settings.idColumn(), settings.sendNulls());
        this.refusals = refusals;
        this.unknownFields = unknownFields;
    }

    /** The batch's calls (the body the split goes over); immediate outcomes go to the batch's {@link BubbleOutcome}. */
    public List<BubbleCall> plan(Exchange exchange) throws Exception {
        BubbleOutcome outcome = new BubbleOutcome(exchange.getProperty(ExchangeKeys.BATCH_ID, String.class));
        exchange.setProperty(ExchangeKeys.BUBBLE_OUTCOME, outcome);
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        Set<String> tables = new TreeSet<>();
        rows.forEach(r -> tables.add(sourceTable(r)));
        Map<String, SyncConfig> config = configs.of(tables);
        Map<SourceTables.Source, List<Pending>> bySource = new LinkedHashMap<>();
        for (ClaimedRow row : rows) {
            Pending p = pending(row, config, outcome);
            if (p != null) {
                bySource.computeIfAbsent(p.source(), s -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<BubbleRow>> creates = new LinkedHashMap<>();
        List<BubbleCall> calls = new ArrayList<>();
        for (Map.Entry<SourceTables.Source, List<Pending>> e : bySource.entrySet()) {
            // read for every row, first INSERTs too: the read also proves each key fits the key column's type
            SourceTables.Ids ids = sources.ids(e.getKey(), e.getValue().stream().map(Pending::key).toList());
            for (Pending p : e.getValue()) {
                if (ids.invalid().contains(p.key()) && !deletesByPayloadId(p)) {
                    outcome.permanent(p.row(), "'" + p.key() + "' is not a valid " + e.getKey().keyType() + " for "
                            + p.table() + "." + settings.keyColumn() + ": row not sent to Bubble", null);
                    continue;
                }
                BubbleRow r = decide(p, ids.ids().get(p.key()), outcome);
                if (r == null) {
                    continue;
                }
                if (r.creates()) {
                    creates.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
                } else {
                    calls.add(new BubbleCall(r.op().equals("DELETE") ? BubbleCall.Kind.DELETE : BubbleCall.Kind.PATCH, r.type(), List.of(r)));
                }
            }
        }
        creates.forEach((type, list) -> {
            List<BubbleRow> repeats = list.stream().filter(r -> mayRepeat(r.row())).toList();
            List<BubbleRow> first = list.stream().filter(r -> !mayRepeat(r.row())).toList();
            calls.addAll(BubbleCall.lookingUp(type, repeats));
            calls.addAll(BubbleCall.creating(type, first, settings.bulk(), settings.bulkMax()));
        });
        return calls;
    }

    /** A retry or a rescue may follow a create whose answer was lost: with a lookup field, search before creating. */
    private boolean mayRepeat(ClaimedRow row) {
        return row.attempt() > 1 && !settings.lookupField().isEmpty();
    }

    private Pending pending(ClaimedRow row, Map<String, SyncConfig> config, BubbleOutcome outcome) throws Exception {
        String table = sourceTable(row);
        SyncConfig cfg = config.getOrDefault(table, SyncConfig.none(table));
        var skip = cfg.skipReason(row.operation());
        if (skip.isPresent()) {
            outcome.skipped(row, skip.get());
            return null;
        }
        String type = types.of(table, cfg);
        if (refusals.holds(type, row.tableName())) {
            outcome.hold(row);
            return null;
        }
        SourceTables.Resolution resolution = sources.resolve(table);
        if (resolution.source() == null) {
            outcome.permanent(row, resolution.problem() + ": row not sent to Bubble", null);
            return null;
        }
        JsonNode payload = row.payload() == null ? null : json.readTree(row.payload());
        String key = signup(row) ? text(payload, "user_id") : row.recordId();
        if (key == null) {
            outcome.permanent(row, "SIGNUP_ATOMIC payload has no user_id: row not sent to Bubble", null);
            return null;
        }
        return new Pending(row, table, cfg, type, payload, resolution.source(), key);
    }

    private BubbleRow decide(Pending p, String sourceId, BubbleOutcome outcome) throws Exception {
        String known = sourceId != null ? sourceId : signup(p.row()) ? null : text(p.payload(), settings.idColumn());
        switch (p.row().operation()) {
            case "DELETE" -> {
                if (known == null) {
                    outcome.skipped(p.row(), "no Bubble id known for " + p.table() + " " + p.key() + " (no " + settings.idColumn()
                            + " in its source row or payload): nothing to delete");
                    return null;
                }
                return new BubbleRow(p.row(), p.table(), p.key(), p.type(), "DELETE", null, p.source(), known);
            }
            case "UPDATE" -> {
                if (known != null) {
                    return new BubbleRow(p.row(), p.table(), p.key(), p.type(), "UPDATE", body(p, p.payload(), true), p.source(), known);
                }
                return create(p, p.payload(), "CREATE_FROM_UPDATE");
            }
            case "SIGNUP_ATOMIC" -> {
                if (known != null) {
                    outcome.completed(new BubbleRow(p.row(), p.table(), p.key(), p.type(), "CREATE", null, p.source(), known),
                            known, "CREATE", "existing");
                    return null;
                }
                var user = sources.row(p.source(), p.key());
                if (user.isEmpty()) {
                    outcome.permanent(p.row(), "SIGNUP_ATOMIC: no row in table '" + p.table() + "' with " + settings.keyColumn()
                            + " = " + p.key() + ": nothing to create in Bubble", null);
                    return null;
                }
                return create(p, json.readTree(user.get()), "CREATE");
            }
            default -> {
                if (known != null) { // created before (a retry after the write-back): change it instead
                    return new BubbleRow(p.row(), p.table(), p.key(), p.type(), "UPDATE", body(p, p.payload(), false), p.source(), known);
                }
                return create(p, p.payload(), "CREATE");
            }
        }
    }

    /** The mapped fields, without those the type does not have when sync.bubble.unknown-fields=drop. */
    private ObjectNode body(Pending p, JsonNode fields, boolean patch) {
        ObjectNode body = bodies.of(fields, p.config(), patch);
        unknownFields.apply(p.type(), body, settings.lookupField());
        return body;
    }

    private BubbleRow create(Pending p, JsonNode fields, String op) {
        ObjectNode body = body(p, fields, false);
        if (!settings.lookupField().isEmpty()) {
            body.put(settings.lookupField(), p.key());
        }
        return new BubbleRow(p.row(), p.table(), p.key(), p.type(), op, body, p.source(), null);
    }

    /**
     * A DELETE whose payload names the Bubble object needs no source row: reconcile --delete-orphans enqueues such rows
     * for objects no row points at, with a record_id that is no key of the table.
     */
    private boolean deletesByPayloadId(Pending p) {
        return "DELETE".equals(p.row().operation()) && text(p.payload(), settings.idColumn()) != null;
    }

    private static boolean signup(ClaimedRow row) {
        return "SIGNUP_ATOMIC".equals(row.operation());
    }

    /** SIGNUP_ATOMIC rows come from the user table; every other row from its table_name. */
    static String sourceTable(ClaimedRow row) {
        return signup(row) ? "user" : row.tableName();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
