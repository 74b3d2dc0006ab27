package io.bubblesync.relay.ops;

import io.bubblesync.relay.bubble.TypeRefusals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness (sync.target=bubble): DOWN while Bubble refuses the API key (every type waits), or refuses or does not
 * know a type; each named with what Bubble said and the likely causes.
 */
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
        Optional<String> key = refusals.keyRefusal();
        Map<String, String> refused = refusals.refusedTypes();
        builder.detail("key_refused", key.isPresent());
        builder.detail("refused_types", String.join(",", refused.keySet()));
        if (key.isEmpty() && refused.isEmpty()) {
            builder.up();
            return;
        }
        List<String> parts = new ArrayList<>();
        key.ifPresent(parts::add);
        parts.addAll(refused.values());
        builder.down().message(String.join("; ", parts) + (key.isPresent() ? "" : "; these rows wait in the queue, other types go on"));
    }
}
