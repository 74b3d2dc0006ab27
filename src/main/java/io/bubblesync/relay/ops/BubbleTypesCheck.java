package io.bubblesync.relay.ops;

import io.bubblesync.relay.bubble.TypeRefusals;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness (sync.target=bubble): DOWN while Bubble refuses a type (401/403), naming each and the two likely causes. */
public class BubbleTypesCheck extends AbstractHealthCheck {
    private final TypeRefusals refusals;

    public BubbleTypesCheck(TypeRefusals refusals) {
        super("relay", "bubble-types");
        this.refusals = refusals;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Integer> refused = refusals.refusedTypes();
        builder.detail("refused_types", String.join(",", refused.keySet()));
        if (refused.isEmpty()) {
            builder.up();
            return;
        }
        String types = refused.entrySet().stream().map(e -> "'" + e.getKey() + "' (HTTP " + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        builder.down().message("Bubble refuses type " + types + ": " + TypeRefusals.CAUSES
                + "; these rows wait in the queue, other types go on");
    }
}
