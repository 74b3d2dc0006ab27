package io.bubblesync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bubble-emulator} in its own JVM, as a user runs it: prints its URL and key, serves, stops on SIGTERM. */
class BubbleEmulatorCommandTest {
    private static final Pattern URL_LINE = Pattern.compile("Data API at (http://127\\.0\\.0\\.1:\\d+/api/1\\.1) \\(Bearer key (\\S+)\\)");

    @Test
    void bubble_emulator_command_prints_its_url_and_key_and_serves_until_terminated(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("emulator.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "io.bubblesync.app.BubbleSyncCli", "bubble-emulator", "--key", "cli-key", "--rate-limit", "100",
                "--type", "listing=name,price:number", "--bulk-errors-400")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Matcher line = URL_LINE.matcher("");
            await().atMost(Duration.ofSeconds(60)).until(() -> line.reset(Files.readString(log)).find());
            String base = line.group(1);
            assertThat(line.group(2)).isEqualTo("cli-key");
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/obj/listing"))
                    .header("Authorization", "Bearer cli-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Loft\"}")).build(), HttpResponse.BodyHandlers.ofString());
            String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(base + "/obj/listing/" + id))
                    .header("Authorization", "Bearer cli-key").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).contains("\"name\":\"Loft\"").contains(id);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("GET /obj/listing/" + id + " -> 200"));
            HttpResponse<String> swagger = http.send(HttpRequest.newBuilder(URI.create(base + "/meta/swagger.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(swagger.body()).as("--type declares it").contains("\"listingBody\"").contains("\"price\":{\"type\":\"number\"}");
            HttpResponse<String> ghost = http.send(HttpRequest.newBuilder(URI.create(base + "/obj/ghost"))
                    .header("Authorization", "Bearer cli-key").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ghost.body()).contains("Type not found ghost");
            HttpResponse<String> bulk = http.send(HttpRequest.newBuilder(URI.create(base + "/obj/listing/bulk"))
                    .header("Authorization", "Bearer cli-key").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"A\"}\n{\"colour\":\"red\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bulk.statusCode()).as("--bulk-errors-400").isEqualTo(400);
            assertThat(bulk.body().split("\n")).hasSize(2);
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
