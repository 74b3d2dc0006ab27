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
     * The route configurations first, then every route: each route of one target says so in its precondition (the
     * Bubble target's routes only with {@code bubble}, the ones calling the function only without), as in the YAML;
     * the admin routes only when asked for (camel-main's management server).
     */
    public static List<RoutesBuilder> builders(boolean withAdmin) {
        List<RoutesBuilder> all = new ArrayList<>(List.of(new ErrorHandlingRoutes(), new ProcessorRoute(), new RetryRoute(),
                new PassRoute(), new RescueExpiredRoute(), new DeliverBatchRoute(), new SettleRoute(), new HousekeepingRoute(),
                new BubbleDeliverRoute(), new BubbleCallRoute(), new BubbleSendRoute(), new BubbleSchemaRoute(),
                new PostBatchRoute(), new LegacyPassRoute()));
        if (withAdmin) {
            all.add(new AdminRoutes());
        }
        return all;
    }
}
