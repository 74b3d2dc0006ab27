package io.bubblesync.relay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** deploy/prometheus's rules and deploy/grafana's dashboard, read as data: the expressions and where each comes from. */
public final class MonitoringFiles {
    public static final Path DASHBOARD = Path.of("deploy", "grafana", "bubble-sync.json");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.+),\\s*)?(\\w+)\\)");

    /** One rule of the rules file: alert (or null) or record (or null), its expression, annotations and labels. */
    public record Rule(String alert, String record, String expr, Map<String, String> annotations, Map<String, String> labels) {
        public String name() {
            return alert != null ? alert : record;
        }
    }

    /** A PromQL expression and where it is (for messages). */
    public record Expression(String where, String expr) {
    }

    private MonitoringFiles() {
    }

    @SuppressWarnings("unchecked")
    public static List<Rule> rules() {
        Map<String, Object> file = yaml(Promtool.RULES);
        List<Rule> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
                rules.add(new Rule((String) r.get("alert"), (String) r.get("record"), String.valueOf(r.get("expr")),
                        (Map<String, String>) r.getOrDefault("annotations", Map.of()), (Map<String, String>) r.getOrDefault("labels", Map.of())));
            }
        }
        return rules;
    }

    public static List<Rule> alerts() {
        return rules().stream().filter(r -> r.alert() != null).toList();
    }

    @SuppressWarnings("unchecked")
    public static <T> T yaml(Path file) {
        try {
            return (T) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML file. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> yamlDocuments(Path file) {
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file)).forEach(d -> {
                if (d != null) {
                    docs.add((Map<String, Object>) d);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel target's expr of the dashboard. */
    public static List<Expression> dashboardExpressions() {
        List<Expression> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(new Expression("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        target.path("expr").asText()));
            }
        }
        return exprs;
    }

    /** The dashboard's query variables: label_values(selector, label) as (variable, selector or "", label). */
    public static Map<String, String[]> labelValuesVariables() {
        Map<String, String[]> vars = new LinkedHashMap<>();
        for (JsonNode v : dashboard().path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                String query = v.path("query").isTextual() ? v.path("query").asText() : v.path("query").path("query").asText();
                Matcher m = LABEL_VALUES.matcher(query.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("variable " + v.path("name").asText() + ": not a label_values(...) query: " + query);
                }
                vars.put(v.path("name").asText(), new String[] {m.group(1) == null ? "" : m.group(1), m.group(2)});
            }
        }
        return vars;
    }

    /** The rules' expressions and the dashboard's, each with where it is. */
    public static List<Expression> allExpressions() {
        List<Expression> exprs = new ArrayList<>();
        rules().forEach(r -> exprs.add(new Expression("rule " + r.name(), r.expr())));
        exprs.addAll(dashboardExpressions());
        labelValuesVariables().forEach((name, q) -> {
            if (!q[0].isEmpty()) {
                exprs.add(new Expression("variable $" + name, q[0]));
            }
        });
        return exprs;
    }
}
