package io.bubblesync.relay.ops.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What doctor found: one line per check (✔ ok, ⚠ warn, ✖ fail), each ⚠/✖ with its fix; and what --fix did. */
public final class DoctorReport {
    public enum Status { OK, WARN, FAIL }

    /** One check: what it looked at, what it found, and (⚠/✖) how to fix it. */
    public record Check(Status status, String check, String detail, String fix) {
        public String line() {
            String mark = switch (status) {
                case OK -> "✔";
                case WARN -> "⚠";
                case FAIL -> "✖";
            };
            return mark + " " + check + ": " + detail + (fix == null ? "" : " — fix: " + fix);
        }
    }

    private final List<Check> checks = new ArrayList<>();
    private final List<String> fixed = new ArrayList<>();

    public void ok(String check, String detail) {
        checks.add(new Check(Status.OK, check, detail, null));
    }

    public void warn(String check, String detail, String fix) {
        checks.add(new Check(Status.WARN, check, detail, fix));
    }

    public void fail(String check, String detail, String fix) {
        checks.add(new Check(Status.FAIL, check, detail, fix));
    }

    /** A change --fix made (printed before the checks). */
    public void fixed(String what) {
        fixed.add(what);
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    public List<String> fixedLines() {
        return List.copyOf(fixed);
    }

    /** True when no check failed (exit code 0). */
    public boolean healthy() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        fixed.forEach(f -> out.append("fixed: ").append(f).append('\n'));
        checks.forEach(c -> out.append(c.line()).append('\n'));
        long warnings = checks.stream().filter(c -> c.status() == Status.WARN).count();
        long failures = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        out.append("doctor: ").append(checks.size()).append(" checks, ").append(warnings).append(" warning(s), ")
                .append(failures).append(" failure(s)").append('\n');
        return out.toString();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", healthy());
        out.put("fixed", fixed);
        out.put("checks", checks.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("check", c.check());
            m.put("detail", c.detail());
            if (c.fix() != null) {
                m.put("fix", c.fix());
            }
            return m;
        }).toList());
        return out;
    }

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMap());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
