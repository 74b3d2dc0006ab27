package io.bubblesync.relay.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression (an alert, a recording rule, a Grafana panel) reads: each metric selector with the label
 * names its matchers use, and the label names of its by / without / on / ignoring / group_left / group_right
 * clauses. A tokenizer, not a parser (Prometheus' parser is Go and no Java port is served): strings, numbers and
 * durations are skipped, an identifier followed by "(" is a function or aggregation, keywords are keywords, and
 * identifiers inside braces or grouping parentheses are label names. Grafana's $variables are replaced first.
 */
public final class PromQl {
    /** A metric selector: its name and the label names its matchers use. */
    public record Selector(String metric, Set<String> labels) {
    }

    /** What one expression reads. */
    public record Uses(List<Selector> selectors, Set<String> groupingLabels, List<String> numbers) {
        public Set<String> metrics() {
            Set<String> names = new LinkedHashSet<>();
            selectors.forEach(s -> names.add(s.metric()));
            return names;
        }
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan", "start", "end");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|#[^\\n]*"                                               // space, comment
            + "|(?<str>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)"  // strings
            + "|(?<dur>(?:\\d+(?:ms|[smhdwy]))+)(?![\\w.])"                  // durations: 5m, 1h30m
            + "|(?<num>0[xX][0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)"
            + "|(?<id>[a-zA-Z_:][a-zA-Z0-9_:]*)"
            + "|(?<op>=~|!~|!=|==|>=|<=|[-+*/%^=<>(){}\\[\\],:@])");

    private PromQl() {
    }

    /** Grafana's variables as Prometheus would see them: $__rate_interval and friends a duration, others ".*". */
    public static String withoutGrafanaVariables(String expr) {
        return expr.replaceAll("\\$\\{?__(?:rate_)?interval\\}?|\\$\\{?__range\\}?", "5m")
                .replaceAll("\\$\\{?\\w+(?::\\w+)?\\}?", ".*");
    }

    public static Uses read(String expression) {
        List<String[]> tokens = tokens(withoutGrafanaVariables(expression));
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String kind = tokens.get(i)[0];
            String text = tokens.get(i)[1];
            if (kind.equals("num")) {
                numbers.add(text);
            } else if (kind.equals("id") && GROUPING.contains(text)) {
                if (i + 1 < tokens.size() && tokens.get(i + 1)[1].equals("(")) {
                    int close = closing(tokens, i + 1, "(", ")");
                    for (int j = i + 2; j < close; j++) {
                        if (tokens.get(j)[0].equals("id")) {
                            grouping.add(tokens.get(j)[1]);
                        }
                    }
                    i = close;
                }
            } else if (kind.equals("id") && !KEYWORDS.contains(text.toLowerCase()) && !calls(tokens, i)) {
                Set<String> labels = new LinkedHashSet<>();
                if (i + 1 < tokens.size() && tokens.get(i + 1)[1].equals("{")) {
                    int close = closing(tokens, i + 1, "{", "}");
                    labels.addAll(matcherLabels(tokens, i + 2, close));
                    i = close;
                }
                selectors.add(new Selector(text, labels));
            } else if (text.equals("{")) { // a selector with no name: {__name__="..."} is not used here
                int close = closing(tokens, i, "{", "}");
                throw new IllegalArgumentException("a selector without a metric name in: " + expression + " at " + close);
            } else if (text.equals("[")) { // range or subquery: durations only
                i = closing(tokens, i, "[", "]");
            }
        }
        return new Uses(selectors, grouping, numbers);
    }

    /** A function or aggregation: followed by "(", or by "by" / "without" (sum by (le) (...)). */
    private static boolean calls(List<String[]> tokens, int i) {
        if (i + 1 >= tokens.size()) {
            return false;
        }
        String next = tokens.get(i + 1)[1];
        return next.equals("(") || next.equals("by") || next.equals("without");
    }

    private static Set<String> matcherLabels(List<String[]> tokens, int from, int to) {
        Set<String> labels = new LinkedHashSet<>();
        for (int j = from; j < to; j++) {
            if (tokens.get(j)[0].equals("id") && j + 1 < to && Set.of("=", "!=", "=~", "!~").contains(tokens.get(j + 1)[1])) {
                labels.add(tokens.get(j)[1]);
            }
        }
        return labels;
    }

    private static int closing(List<String[]> tokens, int open, String opening, String closingText) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            if (tokens.get(j)[1].equals(opening)) {
                depth++;
            } else if (tokens.get(j)[1].equals(closingText) && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("unbalanced " + opening + " in PromQL");
    }

    private static List<String[]> tokens(String expr) {
        List<String[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(expr);
        int at = 0;
        while (at < expr.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("cannot read PromQL at '" + expr.substring(at) + "' in: " + expr);
            }
            for (String kind : List.of("str", "dur", "num", "id", "op")) {
                if (m.group(kind) != null) {
                    tokens.add(new String[] {kind, m.group(kind)});
                }
            }
            at = m.end();
        }
        return tokens;
    }
}
