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
 * The queue's two rules, said one way in every SQL file (camel-sql reads the files as they are, so the rule cannot be
 * one shared fragment; this test is what keeps the copies one rule):
 * <ul>
 * <li>attempts left: wherever the SQL compares a row's retry_count with its max_retries, it says it as
 * {@code COALESCE(x.retry_count, 0) [+ 1] <|>= COALESCE(x.max_retries, 3)} (a missing count is 0 retries of 3), the
 * rule ClaimedRow.attemptsLeftAfterThis says in Java;</li>
 * <li>an open row of a record (what per-record order waits behind and what a backfill or reconcile does not enqueue
 * beside): pending, processing, or failed with a retry to come. The status list is the one V2's
 * sync_queue_open_record_idx is partial on, so the planner can use that index; the question ends in {@code OFFSET 0},
 * so it stays a lookup per row whatever the statistics say (EmptyQueueStatisticsTest).</li>
 * </ul>
 */
class QueueRulesSqlTest {
    private static final Pattern COMPARISON = Pattern.compile("[^\\n]*retry_count[^\\n]*(<|>=|>|<=)[^\\n]*max_retries[^\\n]*");
    private static final Pattern CANONICAL = Pattern.compile(
            "COALESCE\\((\\w+\\.)?retry_count, 0\\)( \\+ 1)? (<|>=) COALESCE\\((\\w+\\.)?max_retries, 3\\)");
    private static final String OPEN_STATES = "o.status IN ('pending', 'processing', 'failed')";
    private static final String OPEN_FAILED = "AND (o.status <> 'failed' OR (o.next_retry_at IS NOT NULL "
            + "AND COALESCE(o.retry_count, 0) < COALESCE(o.max_retries, 3)))";

    @Test
    void every_sql_comparison_of_retries_uses_the_one_rule() throws Exception {
        List<String> other = new ArrayList<>();
        for (Path file : sqlFiles()) {
            Matcher line = COMPARISON.matcher(Files.readString(file));
            while (line.find()) {
                if (!line.group().stripLeading().startsWith("--") && !CANONICAL.matcher(line.group()).find()) {
                    other.add(file.getFileName() + ": " + line.group().strip());
                }
            }
        }
        assertThat(other).isEmpty();
    }

    @Test
    void every_sql_question_whether_a_record_has_an_open_row_uses_the_one_rule() throws Exception {
        List<String> other = new ArrayList<>();
        int asked = 0;
        for (Path file : sqlFiles()) {
            String sql = Files.readString(file);
            for (int at = sql.indexOf(OPEN_STATES); at >= 0; at = sql.indexOf(OPEN_STATES, at + 1)) {
                asked++;
                String next = sql.substring(at, Math.min(sql.length(), at + 400)); // the status list and the lines under it
                if (!next.contains(OPEN_FAILED + "\n") || !next.substring(next.indexOf(OPEN_FAILED) + OPEN_FAILED.length()).strip().startsWith("OFFSET 0)")) {
                    other.add(file.getFileName() + ": " + next.lines().limit(3).map(String::strip).toList());
                }
            }
            if (sql.contains("FROM sync_queue o") && !sql.contains(OPEN_STATES) && sql.contains("o.record_id")) {
                other.add(file.getFileName() + ": asks about a record's rows without the open-row states");
            }
        }
        assertThat(asked).as("claims, backfill and reconcile ask").isGreaterThanOrEqualTo(5);
        assertThat(other).isEmpty();
    }

    private static List<Path> sqlFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
            return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
    }
}
