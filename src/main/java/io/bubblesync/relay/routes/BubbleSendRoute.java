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
                .bean("bubbleSend", "prepare")
                .choice()
                    .when(simple("${exchangeProperty.bubbleHeld}"))
                        .bean("bubbleSend", "hold")
                    .otherwise()
                        .setProperty(ExchangeKeys.BUBBLE_PERMIT, method("bubbleRateLimit", "acquire"))
                        .choice()
                            .when(simple("${exchangeProperty.bubblePermit} == false"))
                                .bean("permitLapse", "lapse")
                            .otherwise()
                                .choice()
                                    .when(simple("${header.CamelHttpMethod} == 'POST'"))
                                        .to(bubble("POST"))
                                    .when(simple("${header.CamelHttpMethod} == 'PATCH'"))
                                        .to(bubble("PATCH"))
                                    .when(simple("${header.CamelHttpMethod} == 'DELETE'"))
                                        .to(bubble("DELETE"))
                                    .otherwise()
                                        .to(bubble("GET"))
                                .end()
                                .bean("bubbleAnswer", "read")
                        .end()
                .end();
    }

    private static String bubble(String httpMethod) {
        return "bubble-api-http:{{bubble.api.url}}?throwExceptionOnFailure=false&httpMethod=" + httpMethod;
    }
}
