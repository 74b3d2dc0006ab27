package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/rescue-expired.camel.yaml in Java: rows left 'processing' past sync.lease become due retries, at the start of every pass. */
public class RescueExpiredRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:rescue-expired").routeId("rescue-expired")
                .routeDescription("Rows left 'processing' past sync.lease become due retries (start of every pass)")
                .routeConfigurationId("caller-handles-errors")
                .setHeader(ExchangeKeys.INSTANCE, constant("{{sync.instance.id}}"))
                .setHeader(ExchangeKeys.LEASE, constant("{{sync.lease}}"))
                .to("sql:classpath:sql/rescue-expired.sql?dataSource=#syncDataSource&parametersCount=2")
                .bean("passReport", "rescued");
    }
}
