package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin REST table written in the Java DSL (AdminRoutes) serves the same API on the management port. */
class JavaDslAdminTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void admin_api_answers_and_run_now_delivers_with_the_java_dsl_routes() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.routes.dsl", "java");
        p.setProperty("camel.management.enabled", "true");
        try (ServerSocket s = new ServerSocket(0)) {
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
        }
        try (RelayHarness relay = RelayHarness.start(p)) {
            assertThat(call(p, "GET", "/admin/status").statusCode()).isEqualTo(200);
            relay.insert("t", "1", "INSERT", "{}");

            assertThat(call(p, "POST", "/admin/run-now").statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(10)).until(() -> relay.count("status = 'completed'") == 1);
            assertThat(call(p, "GET", "/dashboard").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> call(Properties p, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port") + path))
                .timeout(Duration.ofSeconds(10)).header("X-Bubble-Sync", "1").method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
