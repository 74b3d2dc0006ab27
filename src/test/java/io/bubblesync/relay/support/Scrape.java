package io.bubblesync.relay.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/** A /observe/metrics scrape read with a Prometheus text-format parser. */
public final class Scrape {
    private final Map<String, MetricFamily> families = new HashMap<>();

    public Scrape(String text) {
        try {
            TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
                families.put(family.getName(), family);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean has(String family) {
        return families.containsKey(family);
    }

    /** The metric families' names (for assertion messages). */
    @Override
    public String toString() {
        return new java.util.TreeSet<>(families.keySet()).toString();
    }

    /** The value of the counter or gauge sample with exactly these labels; 0 when absent. */
    public double value(String family, Map<String, String> labels) {
        Metric m = find(family, labels);
        if (m instanceof Counter c) {
            return c.getValue();
        }
        if (m instanceof Gauge g) {
            return g.getValue();
        }
        return 0;
    }

    /** How many observations the histogram sample with these labels holds; 0 when absent. */
    public long histogramCount(String family, Map<String, String> labels) {
        return find(family, labels) instanceof Histogram h ? h.getSampleCount() : 0;
    }

    private Metric find(String family, Map<String, String> labels) {
        MetricFamily f = families.get(family);
        if (f == null) {
            return null;
        }
        return f.getMetrics().stream().filter(m -> m.getLabels().equals(labels)).findFirst().orElse(null);
    }
}
