package io.bubblesync.app;

import io.bubblesync.relay.camel.RouteModel;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The effective route model (packaged routes in the chosen DSL plus sync.routes.extra-dir) as YAML; starts nothing. */
@Command(name = "routes", description = "Print the effective routes (packaged plus sync.routes.extra-dir) as YAML, without starting anything.")
class RoutesCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        RelaySettings settings = RelaySettings.from(SettingsSource.loadDefault(parent.config));
        try (RouteModel model = RouteModel.of(settings)) {
            System.out.print(model.yaml());
        }
        return 0;
    }
}
