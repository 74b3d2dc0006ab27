package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/processor.camel.yaml in Java: on its cron, a processor pass. */
public class ProcessorRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("quartz:relay/processor?cron={{sync.processor.cron}}&stateful=true").routeId("processor")
                .routeDescription("On sync.processor.cron: a processor pass, delivering pending rows")
                .autoStartup("{{sync.schedule.enabled}}")
                .setProperty(ExchangeKeys.JOB, constant("processor"))
                .to("direct:pass");
    }
}
