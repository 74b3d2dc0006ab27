package io.bubblesync.relay.support;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** While open, logging is configured by the packaged bubble-sync/logback.xml (what an operator sees), not logback-test.xml. */
public final class ProductionLogging implements AutoCloseable {
    public ProductionLogging() {
        configure("bubble-sync/logback.xml");
    }

    private static void configure(String resource) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL config = ProductionLogging.class.getClassLoader().getResource(resource);
        context.reset();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot configure logging from " + resource, e);
        }
    }

    @Override
    public void close() {
        configure("logback-test.xml");
    }
}
