package io.bubblesync.relay.config;

import java.io.IOException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineTest {
    @Test
    void line_breaks_and_runs_of_spaces_become_one_space() {
        assertThat(OneLine.of("  first\n\tsecond   third\r\n")).isEqualTo("first second third");
        assertThat(OneLine.of((String) null)).isEmpty();
    }

    @Test
    void a_long_text_is_cut_at_300_characters_with_an_ellipsis() {
        assertThat(OneLine.of("x".repeat(301))).hasSize(301).endsWith("x…").startsWith("x".repeat(300));
        assertThat(OneLine.of("x".repeat(300))).isEqualTo("x".repeat(300));
    }

    @Test
    void a_secret_is_scrubbed_before_the_text_is_cut() {
        assertThat(OneLine.of("refused key sk-secret-value\nagain", new Secret("sk-secret-value"))).isEqualTo("refused key *** again");
    }

    @Test
    void a_failure_is_told_by_its_innermost_cause_uncut() {
        Exception e = new IllegalStateException("outer", new IOException("line 3:\n  unknown step 'tto'" + " ".repeat(2) + "x".repeat(400)));
        assertThat(OneLine.of(e)).startsWith("IOException: line 3: unknown step 'tto' x").hasSize("IOException: line 3: unknown step 'tto' ".length() + 400);
        assertThat(OneLine.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
