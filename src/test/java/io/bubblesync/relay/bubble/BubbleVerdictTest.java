package io.bubblesync.relay.bubble;

import io.bubblesync.relay.config.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Bubble's answers mean, read from the texts shared/notes/bubble-and-supabase.md §1 and §1b quote. */
class BubbleVerdictTest {
    private static final Secret KEY = new Secret("the-app-key-1234");

    private static BubbleVerdict verdict(int status, String body) {
        return BubbleVerdict.of(status, BubbleError.parse(body, KEY));
    }

    private static String envelope(int status, String keyword, String message) {
        return "{\"statusCode\":" + status + ",\"body\":{\"status\":\"" + keyword + "\",\"message\":\"" + message + "\"}}";
    }

    private static String unauthorized(String translation) {
        return "{\"error_class\":\"Unauthorized\",\"args\":{\"code\":\"1x2\"},\"message\":null,\"translation\":\"" + translation + "\"}";
    }

    @Test
    void only_missing_data_means_gone_every_other_404_is_configuration() {
        assertThat(verdict(404, envelope(404, "MISSING_DATA", "Missing object of type rentalunit: object with id 1x2 does not exist")))
                .isEqualTo(BubbleVerdict.GONE);
        for (String message : new String[] {"Type not found jobs", "This application does not expose a Data API",
                "Field not found NotAField for type project", "Constraint type not found contains for field unit_name_text and type rentalunit"}) {
            assertThat(verdict(404, envelope(404, "NOT_FOUND", message))).as(message).isEqualTo(BubbleVerdict.NOT_FOUND);
        }
        assertThat(verdict(404, "<html>Not Found</html>")).as("not even Bubble's shape: be safe").isEqualTo(BubbleVerdict.NOT_FOUND);
    }

    @Test
    void a_401_for_the_token_is_the_key_and_the_echoed_key_is_scrubbed() {
        BubbleError error = BubbleError.parse(unauthorized("Invalid or expired token: the-app-key-1234"), KEY);

        assertThat(BubbleVerdict.of(401, error)).isEqualTo(BubbleVerdict.KEY_REFUSED);
        assertThat(error.text()).isEqualTo("Unauthorized: Invalid or expired token: ***");
    }

    @Test
    void privacy_refusals_are_the_type_whatever_the_4xx() {
        assertThat(verdict(401, unauthorized("Permission denied: cannot create this object"))).isEqualTo(BubbleVerdict.TYPE_REFUSED);
        assertThat(verdict(403, "")).isEqualTo(BubbleVerdict.TYPE_REFUSED);
        assertThat(verdict(400, envelope(400, "ERROR", "You do not have permission to modify this object"))).isEqualTo(BubbleVerdict.TYPE_REFUSED);
    }

    @Test
    void status_classes() {
        assertThat(verdict(201, "{\"status\":\"success\",\"id\":\"1x2\"}")).isEqualTo(BubbleVerdict.DONE);
        assertThat(verdict(429, "")).isEqualTo(BubbleVerdict.THROTTLED);
        assertThat(verdict(503, "<html>busy</html>")).isEqualTo(BubbleVerdict.TRANSIENT);
        assertThat(verdict(400, envelope(400, "INVALID_DATA", "Invalid data for field check in day: could not parse this as a Days")))
                .isEqualTo(BubbleVerdict.REFUSED);
    }

    @Test
    void a_row_is_wrong_only_when_bubble_says_so() {
        String[] wrong = {envelope(400, "ERROR", "Unrecognized field: active"), envelope(400, "LIST_TOO_LONG", "too many"),
                "{\"status\":\"error\",\"message\":\"Invalid data for field check in day: could not parse this as a Days\"}",
                "{\"status\":\"error\",\"message\":\"Could not parse as JSON: {oops\"}"};
        for (String body : wrong) {
            assertThat(BubbleError.parse(body, KEY).rowIsWrong()).as(body).isTrue();
        }
        assertThat(BubbleError.parse(envelope(400, "ERROR", "Unrecognized field: active"), KEY).unrecognizedField()).hasValue("active");
        String[] notWrong = {"{\"status\":\"error\",\"message\":\"Item not yet created: the 4 minute limit was reached\"}",
                "{\"status\":\"error\",\"message\":\"Something went wrong\"}", envelope(400, "ERROR", "Operation timed out")};
        for (String body : notWrong) {
            assertThat(BubbleError.parse(body, KEY).rowIsWrong()).as(body).isFalse();
        }
    }

    @Test
    void a_bulk_answer_is_read_line_by_line_only_with_one_well_formed_line_per_row() {
        String answer = "{\"status\":\"success\",\"id\":\"1x1\"}\n{\"status\":\"error\",\"message\":\"Unrecognized field: x\"}";

        assertThat(BulkLines.of(answer, 2, KEY)).hasValueSatisfying(l -> {
            assertThat(l.lines().get(0).id()).isEqualTo("1x1");
            assertThat(l.lines().get(1).error().unrecognizedField()).hasValue("x");
        });
        assertThat(BulkLines.of(answer + "\n", 2, KEY)).as("one trailing newline tolerated").isPresent();
        assertThat(BulkLines.of(answer, 3, KEY)).isEmpty();
        assertThat(BulkLines.of(envelope(400, "ERROR", "Expecting a newline-seperated list of JSON objects."), 1, KEY)).isEmpty();
        assertThat(BulkLines.of("{\"status\":\"success\"}\n{\"status\":\"success\",\"id\":\"1x2\"}", 2, KEY)).as("a success without id").isEmpty();
    }
}
