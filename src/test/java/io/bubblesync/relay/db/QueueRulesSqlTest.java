package io.bubblesync.relay.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One attempts-left rule: wherever the SQL compares a row's retry_count with its max_retries, it says it as
 * {@code COALESCE(x.retry_count, 0) [+ 1] <|>= COALESCE(x.max_retries, 3)} (a missing count is 0 retries of 3), the
 * rule ClaimedRow.attemptsLeftAfterThis says in Java.
 */
class AttemptsRuleTest {
    private static final Pattern COMPARISON = Pattern.compile("[^\\n]*retry_count[^\\n]*(<|>=|>|<=)[^\\n]*max_retries[^\\n]*");
    private static final Pattern CANONICAL = Pattern.compile(
            "COALESCE\\((\\w+\\.)?retry_count, 0\\)( \\+ 1)? (<|>=) COALESCE\\((\\w+\\.)?max_retries, 3\\)");

    @Test
    void every_sql_comparison_of_retries_uses_the_one_rule() throws Exception {
        List<String> other = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                Matcher line = COMPARISON.matcher(Files.readString(file));
                while (line.find()) {
                    if (!line.group().stripLeading().startsWith("--") && !CANONICAL.matcher(line.group()).find()) {
                        other.add(file.getFileName() + ": " + line.group().strip());
                    }
                }
            }
        }
        assertThat(other).isEmpty();
    }
}
