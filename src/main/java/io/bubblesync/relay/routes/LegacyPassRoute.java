package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/legacy-pass.camel.yaml in Java: sync.target=legacy, one pass driving the deployed function's own actions. */
public class LegacyPassRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:legacy-pass").routeId("legacy-pass")
                .routeDescription("sync.target=legacy: call the deployed function's own actions while rows are due, one call at a time")
                .precondition("'{{sync.target}}' != 'bubble'")
                .routeConfigurationId("legacy-errors")
                .bean("legacyDriver", "start")
                .to("direct:rescue-expired")
                // nothing is called while the relay is stopping or paused or the circuit breaker is open
                .setProperty(ExchangeKeys.MORE, method("deliveryGate", "open"))
                .loopDoWhile(simple("${exchangeProperty.more}"))
                    // this call is the last one unless the function takes a full batch (below)
                    .setProperty(ExchangeKeys.MORE, constant("false"))
                    // body: true when rows are due for this pass's action
                    .setBody(constant(""))
                    .choice()
                        .when(simple("${exchangeProperty.job} == 'retry'"))
                            .to("sql:classpath:sql/legacy-due-retry.sql?dataSource=#syncDataSource&outputType=SelectOne")
                        .otherwise()
                            .setHeader(ExchangeKeys.OPERATIONS, constant("{{sync.operations}}"))
                            .to("sql:classpath:sql/legacy-due-pending.sql?dataSource=#syncDataSource&parametersCount=1&outputType=SelectOne")
                    .end()
                    .filter(simple("${body} == true"))
                        .bean("legacyDriver", "request")
                        .to("bubble-sync-http:{{sync.endpoint.url}}?throwExceptionOnFailure=false&httpMethod=POST")
                        .setProperty(ExchangeKeys.FULL_BATCH, method("legacyDriver", "answer"))
                        // the processor calls again while the function takes full batches and the gate stays open
                        .filter(simple("${exchangeProperty.job} == 'processor' && ${exchangeProperty.fullBatch} && ${bean:deliveryGate?method=open}"))
                            .setProperty(ExchangeKeys.MORE, constant("true"))
                        .end()
                    .end()
                .end()
                .bean("legacyDriver", "finish");
    }
}
