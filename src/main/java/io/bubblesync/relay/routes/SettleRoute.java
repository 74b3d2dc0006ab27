package io.bubblesync.relay.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** routes/settle.camel.yaml in Java: settle one batch (with others, one statement), then the after-settle and on-failure hooks. */
public class SettleRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:settle").routeId("settle")
                .routeDescription("Settle one batch (one statement with the batches delivered about the same time), then the after-settle and on-failure hooks")
                .routeConfigurationId("caller-handles-errors")
                .process("settleWriter")
                .bean("passReport", "settled")
                .doTry()
                    .filter(method("hooks", "active('after-settle')"))
                        .bean("hooks", "settlements")
                        .to("direct:hook-after-settle")
                    .end()
                    .filter(method("hooks", "active('on-failure')"))
                        .split(method("hooks", "failures"))
                            .to("direct:hook-on-failure")
                        .end()
                    .endDoTry()
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "bubble-sync.hooks",
                            "hook failed after batch ${exchangeProperty.batchId} was settled (its rows stay settled): ${exception.class.simpleName}: ${exception.message}")
                .end();
    }
}
