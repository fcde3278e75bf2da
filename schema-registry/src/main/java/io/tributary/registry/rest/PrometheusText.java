package io.tributary.registry.rest;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metered;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import java.util.Locale;
import java.util.Map;

/**
 * A Dropwizard registry in Prometheus' text format (0.0.4): a JMX-style name {@code domain:type=t,name=n} becomes
 * {@code domain_t_n} with every other character that Prometheus refuses turned into {@code _}; counters and meters
 * give {@code _total}, meters also their one-minute rate, timers and histograms a summary in seconds (timers) or
 * their own unit.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    static String render(MetricRegistry registry) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
            String name = name(e.getKey());
            Metric m = e.getValue();
            if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                line(out, name, "gauge", n.doubleValue());
            } else if (m instanceof com.codahale.metrics.Timer t) {
                summary(out, name + "_seconds", t, t.getSnapshot(), 1e-9);
                line(out, name + "_one_minute_rate", "gauge", t.getOneMinuteRate());
            } else if (m instanceof Sampling s && m instanceof Counting c) {
                summary(out, name, c, s.getSnapshot(), 1);
            } else if (m instanceof Metered meter) {
                line(out, name + "_total", "counter", meter.getCount());
                line(out, name + "_one_minute_rate", "gauge", meter.getOneMinuteRate());
            } else if (m instanceof Counting c) {
                line(out, name + "_total", "counter", c.getCount());
            }
        }
        return out.toString();
    }

    private static void summary(StringBuilder out, String name, Counting count, Snapshot s, double scale) {
        out.append("# TYPE ").append(name).append(" summary\n");
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            out.append(name).append("{quantile=\"").append(q).append("\"} ")
                    .append(format(s.getValue(q) * scale)).append('\n');
        }
        out.append(name).append("_count ").append(count.getCount()).append('\n');
    }

    private static void line(StringBuilder out, String name, String type, double value) {
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(format(value)).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static String name(String jmxName) {
        StringBuilder b = new StringBuilder();
        for (String part : jmxName.split("[:,]")) {
            String value = part.contains("=") ? part.substring(part.indexOf('=') + 1) : part;
            if (b.length() > 0) {
                b.append('_');
            }
            b.append(value);
        }
        return b.toString().replaceAll("[^a-zA-Z0-9_]", "_").toLowerCase(Locale.ROOT);
    }
}
