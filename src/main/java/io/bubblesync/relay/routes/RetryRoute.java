package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/retry.camel.yaml in Java: on its cron, a retry pass. */
public class RetryRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("quartz:relay/retry?cron={{sync.retry.cron}}&stateful=true").routeId("retry")
                .routeDescription("On sync.retry.cron: a retry pass, delivering failed rows whose backoff has passed")
                .autoStartup("{{sync.schedule.enabled}}")
                .setProperty(ExchangeKeys.JOB, constant("retry"))
                .to("direct:pass");
    }
}
