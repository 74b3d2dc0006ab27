package io.bubblesync.relay.routes;

import io.bubblesync.relay.bubble.BubbleThrottled;
import io.bubblesync.relay.camel.SettleFailure;
import io.bubblesync.relay.delivery.ActionNotAcceptedException;
import io.bubblesync.relay.delivery.QuickRedelivery;
import io.bubblesync.relay.delivery.TransientDeliveryException;
import java.io.IOException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ExpressionSubElementDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.language.ConstantExpression;

/** routes/error-handling.camel.yaml in Java: the delivery-errors, bubble-call-errors, pass-errors, caller-handles-errors and legacy-errors route configurations. */
public class ErrorHandlingRoutes extends RouteConfigurationBuilder {
    @Override
    public void configuration() {
        var delivery = routeConfiguration("delivery-errors");
        delivery.description("deliver-batch: rows handed back on an unknown action; transient failures redelivered, then durable retries");
        // the endpoint does not know the sync_batch action: rows handed back unsent, claiming stops until a re-probe
        handled(delivery.onException(ActionNotAcceptedException.class))
                .bean("actionGuard", "refused")
                .bean("deliveryGate", "handBack");
        // the endpoint asked us to wait (Retry-After) longer than a quick redelivery would: no redelivery
        handled(delivery.onException(TransientDeliveryException.class)
                .onWhen(method("transientFailure", "asksToWaitLonger")))
                .setBody(method("transientFailure", "settle"))
                .to("direct:settle");
        handled(quickRedeliveries(delivery.onException(TransientDeliveryException.class, IOException.class)))
                .setBody(method("transientFailure", "settle"))
                .to("direct:settle");
        // the settle statement failed: the settle writer logged it once for all its batches
        handled(delivery.onException(SettleFailure.class))
                .bean("passReport", "unsettled");
        handled(delivery.onException(Exception.class))
                .bean("passReport", "unsettled")
                .log(LoggingLevel.ERROR, "bubble-sync.delivery",
                        "batch ${exchangeProperty.batchId} not settled, its rows stay 'processing' until their lease ends: ${exception.class.simpleName}: ${exception.message}");

        var bubbleCall = routeConfiguration("bubble-call-errors");
        bubbleCall.description("bubble-call: a 429 waits in the rate limit; transient failures redelivered, then durable retries of the call's rows");
        // a 429 waits in the rate limit and the call goes again, without spending an attempt
        handled(bubbleCall.onException(BubbleThrottled.class)
                .onWhen(method("bubbleFailure", "waitsInProcess"))
                .maximumRedeliveries("3")
                .redeliveryDelay("0")
                .retryAttemptedLogLevel(LoggingLevel.INFO)
                .logRetryStackTrace("false")
                .logStackTrace("false")
                .logExhausted("false")
                .logHandled("false"))
                .bean("bubbleFailure", "settle");
        handled(bubbleCall.onException(TransientDeliveryException.class)
                .onWhen(method("transientFailure", "asksToWaitLonger")))
                .bean("bubbleFailure", "settle");
        handled(quickRedeliveries(bubbleCall.onException(TransientDeliveryException.class, IOException.class)))
                .bean("bubbleFailure", "settle");
        handled(bubbleCall.onException(Exception.class))
                .bean("bubbleFailure", "unsettled");

        handled(routeConfiguration("pass-errors")
                .description("pass: a failed claim ends the pass with one line and a failed run")
                .onException(Exception.class))
                .bean("claimSize", "release")
                .bean("passReport", "fail");

        routeConfiguration("caller-handles-errors")
                .description("No handling of its own: the calling route's error handling sees the failure")
                .errorHandler(noErrorHandler());

        handled(routeConfiguration("legacy-errors")
                .description("legacy-pass: no answer or a failed query ends the pass with one line and a failed run")
                .onException(Exception.class))
                .bean("legacyDriver", "failed");
    }

    /** sync.http.redeliveries quick redeliveries, the first after sync.http.redelivery-delay, doubling: the one policy bean. */
    private static OnExceptionDefinition quickRedeliveries(OnExceptionDefinition on) {
        return on.redeliveryPolicyRef(QuickRedelivery.BEAN);
    }

    /**
     * {@code handled: {constant: true}} as the YAML has it: the fluent handled(true) sets a runtime policy instead,
     * which the model (and a dump of it) does not show.
     */
    private static OnExceptionDefinition handled(OnExceptionDefinition on) {
        on.setHandled(new ExpressionSubElementDefinition(new ConstantExpression("true")));
        return on;
    }
}
