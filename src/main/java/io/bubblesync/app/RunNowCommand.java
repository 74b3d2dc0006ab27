package io.bubblesync.app;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.ops.BadInput;
import io.bubblesync.relay.ops.SiteGuard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Asks the running service (its admin API) to start a processor pass now. */
@Command(name = "run-now", description = "Trigger a processor pass on the running service, without waiting for the cron.")
class RunNowCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--url", description = "the service's management URL (default http://127.0.0.1:{camel.management.port})")
    String url;

    @Override
    public Integer call() throws Exception {
        RelaySettings settings = RelaySettings.from(SettingsSource.loadDefault(parent.config));
        String base = url != null ? url : "http://127.0.0.1:" + settings.raw().getProperty("camel.management.port", "8081").trim();
        URI checked;
        try {
            checked = URI.create(base);
        } catch (IllegalArgumentException e) {
            checked = null;
        }
        if (checked == null || !("http".equals(checked.getScheme()) || "https".equals(checked.getScheme())) || checked.getHost() == null) {
            throw new BadInput("--url '" + base + "' is not an http(s) URL of the service's management port, e.g. http://127.0.0.1:8081");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/admin/run-now"))
                .timeout(Duration.ofSeconds(10)).header(SiteGuard.MARKER, "1").POST(HttpRequest.BodyPublishers.noBody());
        if (!settings.adminToken().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.adminToken().reveal());
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("run-now: HTTP " + response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }
}
