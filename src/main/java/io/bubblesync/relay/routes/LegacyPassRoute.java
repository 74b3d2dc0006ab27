package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/legacy-pass.camel.yaml in Java: sync.target=legacy, one pass driving the deployed function's own actions. */
public class LegacyPassRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:legacy-pass").routeId("legacy-pass").routeConfigurationId("legacy-errors")
                .bean("legacyDriver", "start")
                .setHeader(ExchangeKeys.INSTANCE, constant("{{sync.instance.id}}"))
                .setHeader(ExchangeKeys.LEASE, constant("{{sync.lease-seconds}}"))
                .to("sql:classpath:sql/rescue-expired.sql?dataSource=#syncDataSource&parametersCount=2")
                .bean("passReport", "rescued")
                .loopDoWhile(simple("${exchangeProperty.more}"))
                    .setBody(constant(""))
                    .choice()
                        .when(simple("${exchangeProperty.job} == 'retry'"))
                            .to("sql:classpath:sql/legacy-due-retry.sql?dataSource=#syncDataSource&outputType=SelectOne")
                        .otherwise()
                            .setHeader(ExchangeKeys.OPERATIONS, constant("{{sync.operations}}"))
                            .to("sql:classpath:sql/legacy-due-pending.sql?dataSource=#syncDataSource&parametersCount=1&outputType=SelectOne")
                    .end()
                    .bean("legacyDriver", "due")
                    .filter(simple("${exchangeProperty.more}"))
                        .to("bubble-sync-http:{{sync.endpoint.url}}?throwExceptionOnFailure=false&httpMethod=POST")
                        .bean("legacyDriver", "answer")
                    .end()
                .end()
                .bean("legacyDriver", "finish");
    }
}
