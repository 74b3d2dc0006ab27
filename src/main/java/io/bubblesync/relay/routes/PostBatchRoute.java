package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/post-batch.camel.yaml in Java: the HTTP exchange with bubble_sync through the relay's own component. */
public class PostBatchRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:post-batch").routeId("post-batch")
                .routeDescription("The HTTP exchange of one batch with the bubble_sync function")
                .precondition("'{{sync.target}}' != 'bubble'")
                .routeConfigurationId("caller-handles-errors")
                .bean("batchRequest", "prepare")
                .to("bubble-sync-http:{{sync.endpoint.url}}?throwExceptionOnFailure=false&httpMethod=POST")
                .bean("actionGuard", "check")
                .setBody(method("batchAnswer", "read"))
                .setProperty(ExchangeKeys.REJECTED, method("batchAnswer", "rejected"));
    }
}
