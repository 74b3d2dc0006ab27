package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/bubble-call.camel.yaml in Java: one Bubble call and the follow-ups it leads to (sync.target=bubble). */
public class BubbleCallRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:bubble-call").routeId("bubble-call")
                .routeDescription("sync.target=bubble: one Bubble call and its follow-ups (a lookup that found nothing, then the create)")
                .precondition("'{{sync.target}}' == 'bubble'")
                .routeConfigurationId("bubble-call-errors")
                .bean("bubbleSend", "start")
                .loopDoWhile(simple("${exchangeProperty.bubbleCall} != null"))
                    .to("direct:bubble-send")
                .end();
    }
}
