package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.OneLine;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.RouteSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.NamedNode;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.spi.ModelToYAMLDumper;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;

/**
 * The relay's route model without running anything: a CamelContext that is built but never started (no beans,
 * no database), holding the routes {@link RelayRoutes} adds. Dumped as YAML by Camel's own model-to-YAML dumper
 * (what camel.main.dump-routes=yaml uses), placeholders resolved as camel.main.dump-routes does (the dumper cannot
 * write a placeholder where the model expects a boolean or a number).
 */
public final class RouteModel implements AutoCloseable {
    private final DefaultCamelContext context = new DefaultCamelContext(false);

    private RouteModel() {
    }

    /** The routes a relay with these settings would run (admin routes included), extra files too. */
    public static RouteModel of(RelaySettings settings) throws Exception {
        return of(settings, settings.routes());
    }

    public static RouteModel of(RelaySettings settings, RouteSet set) throws Exception {
        RouteModel model = new RouteModel();
        try {
            model.context.getPropertiesComponent().setInitialProperties(settings.camelProperties());
            model.context.build();
            model.context.addRoutes(new RelayRoutes(set, true));
            return model;
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * Every route configuration and route by id (a REST verb's route by its endpoint), each dumped on its own ({@code uriAsParameters}: endpoint options
     * as a parameters map rather than in the URI).
     */
    public Map<String, String> yamlById(boolean uriAsParameters) throws Exception {
        ModelToYAMLDumper dumper = PluginHelper.getModelToYAMLDumper(context);
        Map<String, String> out = new LinkedHashMap<>();
        for (RouteConfigurationDefinition c : context.getRouteConfigurationDefinitions()) {
            DumpableModel.rewrite(c);
            // the dumper writes a route configuration's id only; its handlers show inside the routes that use it, its
            // description and error handler are added as comments
            String errorHandler = c.getErrorHandler() == null || c.getErrorHandler().getErrorHandlerType() == null ? "" : "    # errorHandler: "
                    + c.getErrorHandler().getErrorHandlerType().getClass().getSimpleName().replaceAll("(Definition|Builder)$", "") + "\n";
            String description = c.getDescription() == null ? "" : "    # description: " + c.getDescription() + "\n";
            out.put(c.getId(), dump(dumper, c, uriAsParameters) + description + errorHandler);
        }
        for (RestDefinition rest : context.getRestDefinitions()) {
            out.put("rest " + rest.getId(), dump(dumper, rest, uriAsParameters));
        }
        for (RouteDefinition r : context.getRouteDefinitions()) {
            if (!included(r)) {
                continue;
            }
            DumpableModel.rewrite(r);
            // routes made from a REST verb have no id of their own yet: known by their endpoint (rest:post:/admin/pause)
            String key = r.hasCustomIdAssigned() ? r.getRouteId() : r.getInput().getEndpointUri();
            // Camel 4.18's dumper leaves out a route's description and precondition: added as comments
            out.put(key, dump(dumper, r, uriAsParameters) + (r.getDescription() == null ? "" : "    # description: " + r.getDescription() + "\n")
                    + (r.getPrecondition() == null ? "" : "    # precondition: " + r.getPrecondition() + "\n"));
        }
        return out;
    }

    /**
     * Whether the route's precondition lets it in: a started context leaves out a route whose precondition is false
     * (Camel's PreconditionHelper, evaluated at start-up), this never-started one asks the same question here.
     */
    private boolean included(RouteDefinition route) {
        return route.getPrecondition() == null
                || context.resolveLanguage("simple").createPredicate(context.resolvePropertyPlaceholders(route.getPrecondition())).matches(new DefaultExchange(context));
    }

    /** The whole model as one YAML document. */
    public String yaml() throws Exception {
        return String.join("", yamlById(true).values());
    }

    private String dump(ModelToYAMLDumper dumper, NamedNode node, boolean uriAsParameters) throws Exception {
        try {
            return dumper.dumpModelAsYaml(context, node, true, uriAsParameters, false, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot dump " + node.getId() + " as YAML: " + OneLine.of(e), e);
        }
    }

    @Override
    public void close() {
        context.stop();
    }
}
