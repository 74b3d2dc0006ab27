package io.bubblesync.relay.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** routes/deliver-batch.camel.yaml in Java: deliver one batch and settle its rows. */
public class DeliverBatchRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:deliver-batch").routeId("deliver-batch")
                .routeDescription("Deliver one batch and settle its rows; a rejected batch of several rows is re-sent row by row")
                .routeConfigurationId("delivery-errors")
                .bean("batchRequest", "start")
                // badRows: rows that can never be delivered, settled as permanent failures unsent; batchRows: the rest
                .setProperty(ExchangeKeys.BAD_ROWS, method("batchRequest", "badRows"))
                .setProperty(ExchangeKeys.BATCH_ROWS, method("batchRequest", "goodRows"))
                .bean("passReport", "batch")
                .filter(method("hooks", "active('before-send')"))
                    .bean("hooks", "items")
                    .to("direct:hook-before-send")
                    .bean("hooks", "applyItems")
                .end()
                .filter(simple("${exchangeProperty.badRows.size} > 0"))
                    .setBody(simple("${exchangeProperty.badRows}"))
                    .to("direct:settle")
                .end()
                .filter(simple("${exchangeProperty.batchRows.size} == 0"))
                    .stop()
                .end()
                // relay stopping or paused, breaker open, endpoint or Bubble refusing: rows handed back unsent, attempts untouched
                .setProperty(ExchangeKeys.CLOSED_BECAUSE, method("deliveryGate", "closedBecause"))
                .filter(simple("${exchangeProperty.closedBecause} != null"))
                    .bean("deliveryGate", "handBack")
                    .stop()
                .end()
                // sync.target=bubble: straight to Bubble's Data API (bubble-deliver settles the batch itself)
                .filter(simple("'{{sync.target}}' == 'bubble'"))
                    .to("direct:bubble-deliver")
                    .stop()
                .end()
                .to("direct:post-batch")
                .choice()
                    // a rejected batch of several rows is re-sent row by row, once, so one bad row cannot sink its neighbours
                    .when(simple("${exchangeProperty.rejected} && ${exchangeProperty.batchRows.size} > 1 && ${exchangeProperty.isolated} != true"))
                        .log(LoggingLevel.WARN, "bubble-sync.delivery",
                                "batch ${exchangeProperty.batchId} rejected with HTTP ${header.CamelHttpResponseCode}: re-sending its ${exchangeProperty.batchRows.size} rows one by one")
                        .split(simple("${exchangeProperty.batchRows}"))
                            .setBody(method("batches", "one"))
                            .setProperty(ExchangeKeys.ISOLATED, constant("true"))
                            .to("direct:deliver-batch")
                        .end()
                    .endChoice()
                    .otherwise()
                        .to("direct:settle")
                .end();
    }
}
