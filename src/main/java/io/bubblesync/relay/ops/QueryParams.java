package io.bubblesync.relay.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An admin call's query string: each parameter known, given once, URL-decoded; anything else is a {@link BadInput}. */
final class QueryParams {
    private QueryParams() {
    }

    static Map<String, String> parse(String query, Set<String> known) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInput("query string is not URL-encoded: " + OperatorInput.shown(pair));
            }
            if (!known.contains(name)) {
                throw new BadInput("unknown parameter '" + OperatorInput.shown(name) + "'"
                        + (known.isEmpty() ? ": this call takes none" : "; known: " + String.join(", ", known)));
            }
            if (params.put(name, value) != null) {
                throw new BadInput("parameter '" + name + "' given twice");
            }
        }
        return params;
    }
}
