package io.bubblesync.relay.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bean a route file refers to is listed in its header comment with a type that exists. */
class RouteBeansTest {
    private static final Pattern REFERENCE = Pattern.compile(
            "ref: (\\w+)|bean:(\\w+)|dataSource=#(\\w+)|executorService: (\\w+)|redeliveryPolicyRef: (\\w+)");
    private static final Pattern LISTED = Pattern.compile("(?m)^#   (\\w+)\\s+([\\w.]+)([ \\t].*)?$");

    @Test
    void each_route_file_lists_the_beans_it_uses_with_their_type() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                String text = Files.readString(file);
                String steps = text.lines().filter(l -> !l.stripLeading().startsWith("#")).collect(Collectors.joining("\n"));
                Map<String, String> listed = new LinkedHashMap<>();
                Matcher l = LISTED.matcher(text);
                while (l.find()) {
                    listed.put(l.group(1), l.group(2));
                }
                Matcher r = REFERENCE.matcher(steps);
                while (r.find()) {
                    String bean = Stream.of(r.group(1), r.group(2), r.group(3), r.group(4), r.group(5)).filter(g -> g != null).findFirst().orElseThrow();
                    if (!listed.containsKey(bean)) {
                        problems.add(file.getFileName() + ": bean '" + bean + "' is used but not listed in the header");
                    }
                }
                listed.forEach((bean, type) -> {
                    String name = type.matches("^(java|javax|org)\\..*") ? type : "io.bubblesync.relay." + type;
                    try {
                        Class.forName(name);
                    } catch (ClassNotFoundException e) {
                        problems.add(file.getFileName() + ": bean '" + bean + "' is listed with type " + type + ", which does not exist");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }
}
