package io.bubblesync.relay.camel;

import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.delivery.TransientDeliveryException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Feeds every HTTP call's result (each redelivery included) to the endpoint's circuit breaker. */
public class BreakerFeed extends EventNotifierSupport {
    private final EndpointBreaker breaker;

    public BreakerFeed(EndpointBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("http");
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        long nanos = sent.getTimeTaken() * 1_000_000L;
        if (exchange.getException() != null) {
            breaker.failed(nanos, exchange.getException());
            return;
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (TransientDeliveryException.isTransientStatus(status)) {
            breaker.failed(nanos, new TransientDeliveryException(status, null, ""));
        } else {
            breaker.succeeded(nanos);
        }
    }
}
