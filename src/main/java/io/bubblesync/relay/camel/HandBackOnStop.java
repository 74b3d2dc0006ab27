package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.HandBack;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopped after the routes: whatever this relay still holds in 'processing' (claimed, never sent, or
 * cut off by the shutdown timeout) goes back to the state it was claimed from, so a clean stop leaves
 * nothing in 'processing'.
 */
class HandBackOnStop extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    private final HandBack handBack;

    HandBackOnStop(HandBack handBack) {
        this.handBack = handBack;
    }

    @Override
    protected void doStop() {
        try {
            int rows = handBack.all();
            if (rows > 0) {
                LOG.info("stopped: {} claimed rows handed back", rows);
            }
        } catch (Exception e) {
            LOG.warn("stopped without handing back claimed rows ({}); their lease will bring them back", e.getMessage());
        }
    }
}
