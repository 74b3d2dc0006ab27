package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.Secret;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Adds the service-role key to every request the HTTP client sends, so it never travels in an exchange,
 * and turns off the client's own retries.
 */
public class BearerToken implements HttpClientConfigurer {
    private final Secret token;

    public BearerToken(Secret token) {
        this.token = token;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // retries belong to the route's redelivery policy and the durable backoff, not to the client
        builder.disableAutomaticRetries();
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            if (!token.isEmpty()) {
                request.setHeader("Authorization", "Bearer " + token.reveal());
            }
        });
    }
}
