package io.bubblesync.relay.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActionGuardTest {
    @Test
    void answers_saying_the_action_is_unknown_are_refusals_whatever_the_wording() {
        assertThat(ActionGuard.refusesAction(400, "Unknown action: sync_batch")).isTrue();
        assertThat(ActionGuard.refusesAction(400, "Invalid action: sync_batch")).isTrue();
        assertThat(ActionGuard.refusesAction(400, "unknown action 'sync_batch'")).isTrue();
        assertThat(ActionGuard.refusesAction(400, "Action sync_batch is not supported")).isTrue();
        assertThat(ActionGuard.refusesAction(400, "Unsupported action")).isTrue();
        assertThat(ActionGuard.refusesAction(404, "Requested function was not found")).isTrue();
    }

    @Test
    void other_4xx_answers_are_about_the_rows_not_the_action() {
        assertThat(ActionGuard.refusesAction(400, "payload.email missing")).isFalse();
        assertThat(ActionGuard.refusesAction(400, "Invalid JSON body")).isFalse();
        assertThat(ActionGuard.refusesAction(400, "Invalid data for field check in day: could not parse this as a Days")).isFalse();
        assertThat(ActionGuard.refusesAction(422, "Unknown action: sync_batch")).isFalse();
        assertThat(ActionGuard.refusesAction(401, "Invalid JWT")).isFalse();
    }
}
