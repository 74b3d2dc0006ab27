package io.bubblesync.relay.db;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {
    @Test
    void an_outage_is_said_when_it_starts_at_most_once_a_minute_while_it_lasts_and_when_it_ends_with_its_length() {
        AtomicLong now = new AtomicLong();
        DatabaseOutage outage = new DatabaseOutage(now::get);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger("bubble-sync.database");
        logger.addAppender(log);
        try {
            SQLException refused = new SQLException("Connection to localhost:5432 refused", "08001", new ConnectException("refused"));
            for (int s = 0; s <= 150; s++) { // 150 s of failures, several a second from every part of the relay
                now.set(s * 1_000_000_000L);
                outage.failed(refused);
                outage.failed(refused);
            }
            now.set(151_000_000_000L);
            outage.answered();
            outage.answered();
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "database unreachable: refused; nothing is claimed until it is back, rows in flight are covered by their lease",
                "database still unreachable after 1 min 0 s: refused",
                "database still unreachable after 2 min 0 s: refused",
                "database reachable again after 2 min 31 s");
        assertThat(log.list).allMatch(e -> e.getThrowableProxy() == null);
    }

    @Test
    void only_connection_failures_count_as_an_outage() {
        assertThat(DatabaseOutage.isConnectionLoss(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(DatabaseOutage.isConnectionLoss(new java.sql.SQLTransientConnectionException("sync-db - Connection is not available"))).isTrue();
        assertThat(DatabaseOutage.isConnectionLoss(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseOutage.isConnectionLoss(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutage.isConnectionLoss(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
    }
}
