package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.delivery.TransientDeliveryException;
import io.bubblesync.relay.ops.RelayMetrics;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The relay's own HTTP client for one target: a camel-http component instance registered under a name of
 * its own (routes call {@code <name>:<url>}), never Camel's shared {@code http}/{@code https} components,
 * which a user's routes or a host application use too. Its key is added by the client (so it never travels
 * in an exchange) and only to requests for the scheme, host and port it was registered for; its timeouts
 * are the relay's; its own retries are off (retries belong to the routes' redelivery policy and the durable
 * backoff); and every call's result, redeliveries included, feeds this target's circuit breaker and metrics.
 */
public final class TargetHttp implements HttpClientConfigurer {
    private final URI origin;
    private final Secret key;
    private final EndpointBreaker breaker;
    private final RelayMetrics metrics;

    private TargetHttp(URI origin, Secret key, EndpointBreaker breaker, RelayMetrics metrics) {
        this.origin = origin;
        this.key = key;
        this.breaker = breaker;
        this.metrics = metrics;
    }

    /**
     * Adds a component named {@code name} to the context for calls to {@code url} with {@code key};
     * camel-http's defaults (3 minutes, infinite) are replaced by {@code timeout} on every step of a call.
     */
    public static HttpComponent register(CamelContext context, String name, String url, Secret key, Duration timeout,
                                         EndpointBreaker breaker, RelayMetrics metrics) {
        HttpComponent http = new HttpComponent();
        long millis = timeout.toMillis();
        http.setConnectTimeout(Math.min(millis, 10_000));
        http.setConnectionRequestTimeout(millis);
        http.setResponseTimeout(millis);
        http.setSoTimeout(millis);
        http.setHttpClientConfigurer(new TargetHttp(URI.create(url), key, breaker, metrics));
        context.addComponent(name, http);
        return http;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            if (!key.isEmpty() && sameOrigin(request)) {
                request.setHeader("Authorization", "Bearer " + key.reveal());
            }
        });
        builder.addExecInterceptorFirst("breaker-feed", new BreakerFeed());
    }

    /** A redirect elsewhere, or a route that points this component at another host, never gets the key. */
    boolean sameOrigin(HttpRequest request) {
        URIAuthority authority = request.getAuthority();
        String scheme = request.getScheme();
        return authority != null && scheme != null && origin.getHost() != null
                && scheme.equalsIgnoreCase(origin.getScheme())
                && authority.getHostName().toLowerCase(Locale.ROOT).equals(origin.getHost().toLowerCase(Locale.ROOT))
                && port(scheme, authority.getPort()) == port(origin.getScheme(), origin.getPort());
    }

    private static int port(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** Records each call with the breaker: I/O errors and the statuses it counts as failures (EndpointBreaker.countsAsFailure), else success. */
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
