package io.bubblesync.relay.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A user copying routes/ finds every {{placeholder}} the routes use as a key in application.properties. */
class RoutePlaceholdersTest {
    @Test
    void every_placeholder_in_the_packaged_routes_is_a_key_of_application_properties() throws Exception {
        Set<String> keys = new TreeSet<>();
        Matcher key = Pattern.compile("(?m)^([a-z][\\w.-]*)\\s*=").matcher(Files.readString(Path.of("application.properties")));
        while (key.find()) {
            keys.add(key.group(1));
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                Matcher placeholder = Pattern.compile("\\{\\{[!?]?([^}:]+)(:[^}]*)?}}").matcher(Files.readString(file));
                while (placeholder.find()) {
                    if (!keys.contains(placeholder.group(1))) {
                        missing.add(file.getFileName() + ": {{" + placeholder.group(1) + "}}");
                    }
                }
            }
        }
        assertThat(missing).as("placeholders in routes/ that application.properties does not list").isEmpty();
    }
}
