package io.bubblesync.relay.routes;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RoutesBuilder;

/**
 * The packaged route set in the Java DSL ({@code sync.routes.dsl=java}): one builder per routes/*.camel.yaml
 * file, kept identical to the YAML by JavaDslModelTest (both models dumped as YAML must match).
 */
public final class JavaRoutes {
    private JavaRoutes() {
    }

    /**
     * The route configurations first, then the routes of the target (the Bubble target's routes only with
     * {@code bubble}, the ones calling the function only without); the admin routes only when asked for
     * (camel-main's management server).
     */
    public static List<RoutesBuilder> builders(boolean withAdmin, boolean bubbleTarget) {
        List<RoutesBuilder> all = new ArrayList<>(List.of(new ErrorHandlingRoutes(), new ProcessorRoute(), new RetryRoute(),
                new PassRoute(), new RescueExpiredRoute(), new DeliverBatchRoute(), new SettleRoute(), new HousekeepingRoute()));
        if (bubbleTarget) {
            all.addAll(List.of(new BubbleDeliverRoute(), new BubbleCallRoute(), new BubbleSendRoute(), new BubbleSchemaRoute()));
        } else {
            all.addAll(List.of(new PostBatchRoute(), new LegacyPassRoute()));
        }
        if (withAdmin) {
            all.add(new AdminRoutes());
        }
        return all;
    }
}
