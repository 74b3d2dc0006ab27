package io.bubblesync.relay.ops.doctor;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.config.Target;
import io.bubblesync.relay.db.VaultSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * doctor: the secrets the target needs (configured, or in Vault under their sync.vault.* names; never printed)
 * and the target itself: the function answers OPTIONS (the deployed one: 200), Bubble one authenticated GET
 * of {bubble.api.url}/meta. The key goes to that URL only.
 */
final class TargetChecks {
    private final RelaySettings settings;
    private final DataSource ds;
    private final HttpClient http;

    TargetChecks(RelaySettings settings, DataSource ds) {
        this.settings = settings;
        this.ds = ds;
        this.http = HttpClient.newBuilder().connectTimeout(settings.httpTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void run(DoctorReport report, boolean vaultPresent) {
        boolean bubble = settings.target() == Target.BUBBLE;
        String urlName = bubble ? "" : settings.vault().supabaseUrl();
        String keyName = bubble ? settings.vault().bubbleApiKey() : settings.vault().serviceRoleKey();
        String configuredUrl = bubble ? settings.raw().getProperty("bubble.api.url", "").trim() : settings.endpointUrl();
        Secret configuredKey = bubble ? new Secret(settings.raw().getProperty("bubble.api.key", "").trim()) : settings.token();
        List<String> names = new ArrayList<>();
        if (configuredUrl.isEmpty() && !urlName.isEmpty()) {
            names.add(urlName);
        }
        if (configuredKey.isEmpty() && !keyName.isEmpty()) {
            names.add(keyName);
        }
        VaultSecrets.Lookup vault = names.isEmpty() || !vaultPresent ? null : VaultSecrets.read(ds, names);
        String fromVault = vault == null ? null : vault.found().get(urlName);
        String url = !configuredUrl.isEmpty() ? configuredUrl
                : fromVault == null ? "" : trimSlash(fromVault.trim()) + "/functions/v1/bubble_sync";
        Secret key = !configuredKey.isEmpty() ? configuredKey : new Secret(vault == null ? "" : vault.found().get(keyName));
        String noVault = ", and this database has no vault.decrypted_secrets";
        String urlWhat = bubble ? "bubble.api.url" : "endpoint URL";
        String keyWhat = bubble ? "Bubble API key" : "service-role key";
        if (url.isEmpty()) {
            report.fail("secrets", "no " + urlWhat + ": not configured" + (urlName.isEmpty() ? "" : vaultPresent ? " and not in Vault as '" + urlName + "'" : noVault),
                    bubble ? "set BUBBLE_API_URL (bubble.api.url)" : "set SUPABASE_URL, or store the project URL in Vault as '" + urlName + "'");
        } else if (key.isEmpty()) {
            report.fail("secrets", "no " + keyWhat + ": not configured" + (keyName.isEmpty() ? "" : vaultPresent ? " and not in Vault as '" + keyName + "'" : noVault),
                    bubble ? "set BUBBLE_API_KEY (bubble.api.key), or name its Vault secret in sync.vault.bubble-api-key"
                            : "set SERVICE_ROLE_KEY, or store it in Vault as '" + keyName + "'");
        } else {
            report.ok("secrets", urlWhat + " " + (configuredUrl.isEmpty() ? "from Vault ('" + urlName + "')" : "configured") + ", "
                    + keyWhat + " " + (configuredKey.isEmpty() ? "from Vault ('" + keyName + "')" : "configured") + " (not shown)");
            reach(report, bubble, url, key);
        }
    }

    private void reach(DoctorReport report, boolean bubble, String url, Secret key) {
        String target = bubble ? trimSlash(url) + "/meta" : url;
        String check = "target (" + settings.target().configName() + ")";
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(settings.httpTimeout())
                    .header("Authorization", "Bearer " + key.reveal());
            request = bubble ? request.GET() : request.method("OPTIONS", HttpRequest.BodyPublishers.noBody());
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            String asked = (bubble ? "GET " : "OPTIONS ") + target + " answered HTTP " + status;
            if (status / 100 == 2) {
                report.ok(check, asked + (settings.target() == Target.BUBBLE_SYNC
                        ? "; it must also speak sync_batch (the deployed function does not: then use sync.target=legacy)" : ""));
            } else if (status == 401 || status == 403) {
                report.fail(check, asked + ": the key is rejected", bubble ? "use an API token of this Bubble app (Settings → API)"
                        : "use the project's service-role key (Project settings → API)");
            } else if (status == 404) {
                report.fail(check, asked + ": nothing there", bubble ? "check bubble.api.url (…/api/1.1, or …/version-test/api/1.1) and that the Data API is on"
                        : "deploy bubble_sync, or fix SUPABASE_URL / sync.endpoint.url");
            } else {
                report.warn(check, asked, "check the URL and that the " + (bubble ? "app" : "function") + " is up");
            }
        } catch (Exception e) {
            report.fail(check, "cannot reach " + target + ": " + key.scrub(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())),
                    "check the URL, DNS and that this machine may connect to it");
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
