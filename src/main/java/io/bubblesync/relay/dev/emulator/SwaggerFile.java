package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code GET /api/1.1/meta/swagger.json}, generated from the declared types as Bubble describes an app (notes §1b,
 * the manual's generated example, and clients that read it): Swagger 2.0, the paths {@code /obj/<type>},
 * {@code /obj/<type>/{UniqueID}} and {@code /obj/<type>/bulk} per type exposed to the Data API,
 * {@code definitions.<type>} with every field (Bubble's generated ones included) and {@code definitions.<type>Body}
 * with the writable ones, each with its {@code type} (and {@code format} for dates). A field declared without a kind
 * has no {@code type}.
 */
final class SwaggerFile {
    private SwaggerFile() {
    }

    static String of(FieldRules rules, String host, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("swagger", "2.0");
        root.putObject("info").put("title", "Bubble emulator").put("version", "1.1");
        root.put("host", host);
        root.put("basePath", DataApi.BASE_PATH);
        root.putArray("schemes").add("http");
        ObjectNode paths = root.putObject("paths");
        ObjectNode definitions = root.putObject("definitions");
        for (String type : rules.declaredTypes()) {
            Map<String, FieldRules.Kind> fields = rules.declaredFields(type).orElse(Map.of());
            String ref = "#/definitions/" + type + "Body";
            ObjectNode things = paths.putObject("/obj/" + type);
            things.putObject("get").put("summary", "Search " + type);
            body(things.putObject("post").put("summary", "Create a " + type), ref);
            ObjectNode thing = paths.putObject("/obj/" + type + "/{UniqueID}");
            thing.putObject("get").put("summary", "Get a " + type);
            body(thing.putObject("patch").put("summary", "Modify a " + type), ref);
            body(thing.putObject("put").put("summary", "Replace a " + type), ref);
            thing.putObject("delete").put("summary", "Delete a " + type);
            paths.putObject("/obj/" + type + "/bulk").putObject("post").put("summary", "Create many " + type)
                    .putArray("consumes").add("text/plain");

            ObjectNode all = definitions.putObject(type).put("type", "object").putObject("properties");
            all.putObject("_id").put("type", "string");
            all.putObject("Created Date").put("type", "string").put("format", "date-time");
            all.putObject("Modified Date").put("type", "string").put("format", "date-time");
            all.putObject("Created By").put("type", "string");
            ObjectNode writable = definitions.putObject(type + "Body").put("type", "object").putObject("properties");
            fields.forEach((name, kind) -> {
                property(all, name, kind);
                property(writable, name, kind);
            });
        }
        return root.toString();
    }

    private static void body(ObjectNode operation, String ref) {
        operation.putArray("parameters").addObject().put("in", "body").put("name", "body").put("required", true)
                .putObject("schema").put("$ref", ref);
    }

    private static void property(ObjectNode properties, String name, FieldRules.Kind kind) {
        ObjectNode p = properties.putObject(name);
        if (kind.swaggerType != null) {
            p.put("type", kind.swaggerType);
        }
        if (kind.swaggerFormat != null) {
            p.put("format", kind.swaggerFormat);
        }
        if (kind == FieldRules.Kind.LIST) {
            p.putObject("items").put("type", "string");
        }
    }
}
