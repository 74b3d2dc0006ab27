package io.bubblesync.relay.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.bubblesync.relay.bubble.BubbleBody;
import io.bubblesync.relay.bubble.BubbleSchema;
import io.bubblesync.relay.bubble.BubbleSchemaSource;
import io.bubblesync.relay.bubble.BubbleTypes;
import io.bubblesync.relay.bubble.SchemaField;
import io.bubblesync.relay.bubble.SyncConfig;
import io.bubblesync.relay.bubble.SyncConfigs;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * doctor (sync.target=bubble): Bubble's own description of the app (its Swagger file) against what the relay will
 * write. Per table (from sync_config, sync.bubble.type.*, the renamed tables that exist, and sync_queue's
 * table_names): its type is exposed (✖ otherwise); every field its rows would send (field_mapping and the payloads of
 * its latest queue rows, mapped as delivery maps them) is a writable field of the type (✖, or ⚠ with
 * sync.bubble.unknown-fields=drop); a value that cannot fit its field's kind is ⚠. No Swagger file: ⚠ with how to
 * publish it.
 */
final class BubbleSchemaChecks {
    private static final SqlFile QUEUE_SAMPLE = SqlFile.load("doctor-bubble-queue-sample.sql");
    private static final SqlFile COLUMNS = SqlFile.load("doctor-table-columns.sql");
    private static final String SIGNUP = "SIGNUP_ATOMIC";
    private static final String CHECK = "bubble schema";

    private final RelaySettings settings;
    private final BubbleSettings bubble;
    private final DataSource ds;

    BubbleSchemaChecks(RelaySettings settings, DataSource ds) {
        this.settings = settings;
        this.bubble = settings.bubble();
        this.ds = ds;
    }

    void run(DoctorReport report) throws SQLException {
        if (bubble.apiUrl().isEmpty()) {
            return; // the secrets check already says so
        }
        BubbleSchemaSource source = new BubbleSchemaSource(bubble.apiUrl(), settings.httpTimeout(), Clock.systemUTC());
        BubbleSchema schema = source.read(settings.httpTimeout());
        if (!schema.present()) {
            report.warn(CHECK, "no Swagger file at " + source.url() + " (" + schema.absence() + "): the types and fields the relay"
                    + " will send cannot be checked before Bubble refuses them", BubbleSchemaSource.HOW_TO_PUBLISH);
            return;
        }
        report.ok(CHECK, "Swagger file at " + source.url() + " lists " + schema.types().size() + " type(s): " + String.join(", ", schema.types()));
        Map<String, SyncConfig> configs = new SyncConfigs(ds).all();
        Map<String, SentFields> tables = tables(configs);
        BubbleTypes types = new BubbleTypes(bubble);
        for (Map.Entry<String, SentFields> t : tables.entrySet()) {
            SyncConfig config = configs.getOrDefault(t.getKey(), SyncConfig.none(t.getKey()));
            if (config.enabled()) {
                table(report, schema, t.getKey(), types.of(t.getKey(), config), t.getValue());
            }
        }
    }

    /** The tables the relay will write, each with the fields its rows would send. */
    private Map<String, SentFields> tables(Map<String, SyncConfig> configs) throws SQLException {
        BubbleBody bodies = new BubbleBody(bubble.idColumn(), bubble.sendNulls());
        Map<String, SentFields> tables = new TreeMap<>();
        Set<String> names = new TreeSet<>(configs.keySet());
        names.addAll(bubble.types().keySet());
        for (String renamed : BubbleTypes.renamedTables()) {
            if (!COLUMNS.query(ds, renamed).isEmpty()) {
                names.add(renamed);
            }
        }
        boolean signups = false;
        Map<String, List<String>> payloads = new TreeMap<>();
        for (Map<String, Object> row : QUEUE_SAMPLE.queryWithin(ds, 30)) {
            String table = (String) row.get("table_name");
            signups |= SIGNUP.equals(table);
            if (!SIGNUP.equals(table)) {
                names.add(table);
                payloads.computeIfAbsent(table, k -> new ArrayList<>());
                if (row.get("payload") != null) {
                    payloads.get(table).add((String) row.get("payload"));
                }
            }
        }
        if (signups) {
            names.add("user"); // a SIGNUP_ATOMIC row creates the user row itself in Bubble: every column of it
        }
        for (String table : names) {
            SyncConfig config = configs.getOrDefault(table, SyncConfig.none(table));
            SentFields sent = new SentFields(bodies, config);
            config.fieldMapping().keySet().forEach(sent::column);
            payloads.getOrDefault(table, List.of()).forEach(sent::payload);
            if (signups && table.equals("user")) {
                COLUMNS.query(ds, table).forEach(c -> sent.column((String) c.get("column_name")));
            }
            if (!bubble.lookupField().isEmpty()) {
                sent.always(bubble.lookupField(), "sync.bubble.lookup-field");
            }
            tables.put(table, sent);
        }
        return tables;
    }

    private void table(DoctorReport report, BubbleSchema schema, String table, String type, SentFields sent) {
        String check = "bubble type (" + table + ")";
        if (!schema.exposes(type)) {
            report.fail(check, "table '" + table + "' is written to Bubble type '" + type + "', which the Swagger file does not list"
                    + " among the types exposed to the Data API", "check the type name (sync.bubble.type." + table
                    + " or sync_config.bubble_object_type), expose the type in Bubble (Settings → API → Enable Data API, tick it),"
                    + " and that bubble.api.url is the live or the version-test URL you mean");
            return;
        }
        var writable = schema.writableFields(type);
        if (writable.isEmpty()) {
            report.warn(check, "the Swagger file has no definition of " + type + "Body: the fields of table '" + table
                    + "' cannot be checked", "re-check once Bubble lists the type's fields");
            return;
        }
        int problems = 0;
        for (Map.Entry<String, SentFields.Sent> f : sent.fields().entrySet()) {
            String field = f.getKey();
            SchemaField target = writable.get().get(field);
            String from = f.getValue().column().equals(field) ? "column '" + field + "'" : "column '" + f.getValue().column()
                    + "' (as Bubble field '" + field + "')";
            if (target == null) {
                problems++;
                String what = "table '" + table + "': " + from + " is sent to type '" + type + "', which has no writable field '" + field + "'";
                String fix = "map the column to a field of '" + type + "' in sync_config.field_mapping, leave it out with"
                        + " sync_config.excluded_fields, or add the field '" + field + "' to the type in Bubble (Data → Data types)";
                if (bubble.dropUnknownFields() && !field.equals(bubble.lookupField())) {
                    report.warn(check, what + "; left out of every call (sync.bubble.unknown-fields=drop)", fix);
                } else {
                    report.fail(check, what + "; Bubble refuses such rows (\"Unrecognized field: " + field + "\")", fix);
                }
            } else {
                JsonNode misfit = f.getValue().values().stream().filter(v -> !target.fits(v)).findFirst().orElse(null);
                if (misfit != null) {
                    problems++;
                    report.warn(check, "table '" + table + "': " + from + " holds " + kind(misfit) + " values, but field '" + field
                            + "' of type '" + type + "' is " + target.describe() + ": Bubble refuses those rows (INVALID_DATA)",
                            "fix the values in Supabase, or map the column to a field of the right kind");
                }
            }
        }
        if (problems == 0) {
            report.ok(check, "table '" + table + "' → type '" + type + "': " + sent.fields().size() + " field(s) sent, all writable");
        }
    }

    /** A value's kind, never the value itself (payloads hold personal data). */
    private static String kind(JsonNode value) {
        return value.isTextual() ? "text" : value.isNumber() ? "number" : value.isBoolean() ? "yes/no" : value.isArray() ? "list" : "object";
    }
}
