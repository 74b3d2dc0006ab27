package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/bubble-deliver.camel.yaml in Java: deliver one batch straight to Bubble's Data API (sync.target=bubble). */
public class BubbleDeliverRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:bubble-deliver").routeId("bubble-deliver")
                .routeDescription("sync.target=bubble: plan a batch's Bubble calls, make them, settle the batch")
                .precondition("'{{sync.target}}' == 'bubble'")
                .routeConfigurationId("caller-handles-errors")
                .setBody(method("bubblePlan", "plan"))
                .split(simple("${body}")).stopOnException(false)
                    .to("direct:bubble-call")
                .end()
                // rows of a refused type, and rows whose lease ran short waiting for a permit, go back unsent, attempts untouched
                .bean("deliveryGate", "handBackHeld")
                .setBody(method("bubbleSend", "settlements"))
                .filter(simple("${body.size} > 0"))
                    .to("direct:settle")
                .end();
    }
}
