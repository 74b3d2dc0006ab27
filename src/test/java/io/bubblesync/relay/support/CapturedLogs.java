package io.bubblesync.relay.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Everything logged while it is open, with Camel and the relay turned up to DEBUG. */
public final class CapturedLogs implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger camel = (Logger) LoggerFactory.getLogger("org.apache.camel");
    private final Level camelLevel = camel.getLevel();

    public CapturedLogs() {
        appender.start();
        root.addAppender(appender);
        camel.setLevel(Level.DEBUG);
    }

    public String text() {
        List<ILoggingEvent> events = List.copyOf(appender.list);
        return events.stream().map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    /** The messages the relay's own loggers (bubble-sync.*) wrote at {@code level} or above. */
    public List<String> relayAtLeast(Level level) {
        return List.copyOf(appender.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .filter(e -> e.getLoggerName().startsWith("bubble-sync"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The messages logged at {@code level} or above, each with its logger's name. */
    public List<String> at(Level level) {
        return List.copyOf(appender.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        camel.setLevel(camelLevel);
    }
}
