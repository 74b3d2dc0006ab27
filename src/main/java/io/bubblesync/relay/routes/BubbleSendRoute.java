package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * routes/bubble-send.camel.yaml in Java: the HTTP exchange of one Bubble call, through the relay's bubble-api-http, once
 * the rate limit gave its permit (a call whose rows' lease would run short first is not sent: PermitLapse).
 */
public class BubbleSendRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:bubble-send").routeId("bubble-send")
                .routeDescription("sync.target=bubble: the HTTP exchange of one Bubble call, after the rate limit's permit")
                .precondition("'{{sync.target}}' == 'bubble'")
                .routeConfigurationId("caller-handles-errors")
                // bubbleHeld: the call's type is refused and no probe is due, so it is not sent
                .setProperty(ExchangeKeys.BUBBLE_HELD, method("bubbleSend", "held"))
                .choice()
                    .when(simple("${exchangeProperty.bubbleHeld}"))
                        .bean("bubbleSend", "hold")
                    .otherwise()
                        .bean("bubbleSend", "prepare")
                        .setProperty(ExchangeKeys.BUBBLE_PERMIT, method("bubbleRateLimit", "acquire"))
                        .choice()
                            .when(simple("${exchangeProperty.bubblePermit} == false"))
                                .bean("permitLapse", "lapse")
                            .otherwise()
                                // one endpoint for every call: method, path and query are the headers bubbleSend.prepare set
                                .to("bubble-api-http:{{bubble.api.url}}?throwExceptionOnFailure=false")
                                .bean("bubbleAnswer", "read")
                        .end()
                .end();
    }
}
