package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.delivery.TransientDeliveryException;
import io.bubblesync.relay.ops.RelayMetrics;
import java.io.IOException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * How camel-http's client talks to bubble_sync: the service-role key is added to every request by the
 * client (so it never travels in an exchange), the client's own retries are off (retries belong to the
 * route's redelivery policy and the durable backoff), and every call's result, redeliveries included,
 * is fed to the circuit breaker.
 */
public class EndpointClient implements HttpClientConfigurer {
    private final Secret token;
    private final EndpointBreaker breaker;
    private final RelayMetrics metrics;

    public EndpointClient(Secret token, EndpointBreaker breaker, RelayMetrics metrics) {
        this.token = token;
        this.breaker = breaker;
        this.metrics = metrics;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            if (!token.isEmpty()) {
                request.setHeader("Authorization", "Bearer " + token.reveal());
            }
        });
        builder.addExecInterceptorFirst("breaker-feed", new BreakerFeed());
    }

    /** Records each call with the breaker: transient statuses and I/O errors as failures, anything else as success. */
    private final class BreakerFeed implements ExecChainHandler {
        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
                throws IOException, HttpException {
            long started = System.nanoTime();
            try {
                ClassicHttpResponse response = chain.proceed(request, scope);
                long took = System.nanoTime() - started;
                int status = response.getCode();
                metrics.httpCall(took, status / 100 + "xx");
                if (breaker.countsAsFailure(status)) {
                    breaker.failed(took, new TransientDeliveryException(status, null, ""));
                } else {
                    breaker.succeeded(took);
                }
                return response;
            } catch (IOException | HttpException | RuntimeException e) {
                metrics.httpCall(System.nanoTime() - started, "error");
                breaker.failed(System.nanoTime() - started, e);
                throw e;
            }
        }
    }
}
