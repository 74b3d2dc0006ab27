package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/bubble-schema.camel.yaml in Java: read the app's Swagger file again every sync.bubble.schema-refresh. */
public class BubbleSchemaRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:bubble-schema?delay={{sync.bubble.schema-refresh}}&period={{sync.bubble.schema-refresh}}").routeId("bubble-schema")
                .routeDescription("sync.target=bubble: read the Bubble app's Swagger file again every sync.bubble.schema-refresh")
                .precondition("'{{sync.target}}' == 'bubble'")
                .bean("bubbleSchema", "refresh");
    }
}
