package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/housekeeping.camel.yaml in Java: on its cron, prune run history (and clean up when enabled). */
public class HousekeepingRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("quartz:relay/housekeeping?cron={{sync.housekeeping.cron}}&stateful=true").routeId("housekeeping")
                .routeDescription("On sync.housekeeping.cron: prune sync_run and, when enabled, old settled rows")
                .autoStartup("{{sync.schedule.enabled}}")
                .bean("housekeeping", "run");
    }
}
