package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every curl example of README.md and docs/*.md that calls the management port (127.0.0.1:8081 or localhost:8081), run
 * with the real curl against a relay with the packaged management settings (SiteGuard included): each answers 2xx. An
 * example the port would refuse (a POST without the header the rule asks for, a wrong path) fails here.
 */
class ReadmeCurlTest {
    private static final Pattern INLINE = Pattern.compile("`(curl [^`]+)`");

    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void every_curl_example_in_the_docs_is_answered_by_a_relay() throws Exception {
        List<String> examples = examples();
        assertThat(examples).as("curl examples of the management port in README.md and docs/").isNotEmpty()
                .anyMatch(e -> e.contains("POST"));
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
        try (RelayHarness relay = RelayHarness.start(p)) {
            relay.insert("orders", "o-1", "INSERT", "{}");
            String port = p.getProperty("camel.management.port");
            for (String example : examples) {
                String command = example.replace(":8081", ":" + port);
                String status = curl(command);
                assertThat(status).as(example + "\n(run as: " + command + ")").matches("2\\d\\d");
            }
        }
    }

    /** The curl lines (fenced blocks and inline code) that call the management port, cut before a pipe or a comment. */
    static List<String> examples() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        if (Files.isDirectory(Path.of("docs"))) {
            try (Stream<Path> docs = Files.list(Path.of("docs"))) {
                docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        List<String> out = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                List<String> found = new ArrayList<>();
                Matcher inline = INLINE.matcher(line);
                while (inline.find()) {
                    found.add(inline.group(1));
                }
                String t = line.trim().replaceFirst("^\\$ ", "");
                if (found.isEmpty() && t.startsWith("curl ")) {
                    found.add(t);
                }
                found.stream().map(ReadmeCurlTest::shellPart).filter(c -> c.matches(".*(127\\.0\\.0\\.1|localhost):8081.*")).forEach(out::add);
            }
        }
        return out;
    }

    /** The command up to an unquoted '|' or '#' (a pipe into jq, a comment). */
    private static String shellPart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '|' || (c == '#' && i > 0 && line.charAt(i - 1) == ' ')) {
                return line.substring(0, i).trim();
            }
        }
        return line.trim();
    }

    private static String curl(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command + " -sS -o /dev/null -w '%{http_code}' --max-time 20");
        pb.environment().put("SYNC_ADMIN_TOKEN", "not-needed-on-loopback");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }
}
