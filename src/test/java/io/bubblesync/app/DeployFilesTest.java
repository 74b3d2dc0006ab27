package io.bubblesync.app;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.MonitoringFiles;
import io.bubblesync.relay.support.RelayHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile and deploy/kubernetes agree with the relay they deploy: the jar, the management port and its health
 * paths (which answer on a running relay), every environment variable (one the relay reads), the JVM flags (the
 * launcher's, keeping the relay in one JVM), the grace period (longer than camel.main.shutdown-timeout). Docker and a
 * Kubernetes API server are not available here: the files are read as data (what a schema validation would add is
 * said in docs/operating.md).
 */
class DeployFilesTest {
    private static final Path K8S = Path.of("deploy", "kubernetes");
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Set<String> HEALTH_PATHS = Set.of("/observe/health", "/observe/health/live", "/observe/health/ready");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

    /** The Dockerfile's instructions (continuations joined, comments dropped): keyword and arguments, in order. */
    static List<String[]> dockerfile() throws Exception {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.strip().startsWith("#") || (line.isBlank() && current.length() == 0)) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
                current.append(' ');
                continue;
            }
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new String[] {text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()});
        }
        return instructions;
    }

    static String instruction(List<String[]> file, String keyword) {
        List<String> found = file.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
        assertThat(found).as("one " + keyword + " in the Dockerfile").hasSize(1);
        return found.get(0);
    }

    static Map<String, String> dockerEnv(List<String[]> file) {
        Map<String, String> env = new LinkedHashMap<>();
        file.stream().filter(i -> i[0].equals("ENV")).forEach(i -> {
            Matcher m = ENV_PAIR.matcher(i[1]);
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
            }
        });
        return env;
    }

    /** An exec-form instruction's JSON array. */
    static List<String> execForm(String args) {
        assertThat(args).as("exec form").startsWith("[").endsWith("]");
        return Arrays.stream(args.substring(1, args.length() - 1).split(",")).map(a -> a.strip().replaceAll("^\"|\"$", "")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> manifest(String file, String kind) {
        List<Map<String, Object>> docs = MonitoringFiles.yamlDocuments(K8S.resolve(file));
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + kind));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object at = node;
        for (String key : path) {
            at = at instanceof Map<?, ?> m ? m.get(key) : at instanceof List<?> l ? l.get(Integer.parseInt(key)) : null;
            if (at == null) {
                throw new AssertionError("no " + String.join(".", path));
            }
        }
        return (T) at;
    }

    static Map<String, Object> container() {
        return at(manifest("deployment.yaml", "Deployment"), "spec", "template", "spec", "containers", "0");
    }

    static Properties packaged() {
        return SettingsSource.load(null, Map.of(), new Properties());
    }

    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
        assertThat(m.matches()).as(quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2) == null ? n : n << (m.group(2).equals("Ki") ? 10 : m.group(2).equals("Mi") ? 20 : 30);
    }

    @Test
    void the_image_runs_the_shaded_jar_as_a_non_root_user_and_exposes_the_management_port() throws Exception {
        List<String[]> file = dockerfile();
        assertThat(instruction(file, "FROM")).startsWith("eclipse-temurin:17-jre");
        String user = instruction(file, "USER").split(":")[0];
        assertThat(user).as("a numeric user, not root (runAsNonRoot can check it)").matches("\\d+").isNotEqualTo("0");
        assertThat(((Number) at(manifest("deployment.yaml", "Deployment"), "spec", "template", "spec", "securityContext", "runAsUser")).intValue())
                .isEqualTo(Integer.parseInt(user));

        String[] copy = instruction(file, "COPY").split("\\s+");
        assertThat(copy[0]).isEqualTo("target/bubble-sync.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>bubble-sync</finalName>");
        String jar = copy[1];
        assertThat(execForm(instruction(file, "ENTRYPOINT"))).endsWith("java", "-jar", jar);
        assertThat(execForm(instruction(file, "CMD"))).containsExactly("run");

        String port = packaged().getProperty("camel.management.port").strip();
        Map<String, String> env = dockerEnv(file);
        assertThat(instruction(file, "EXPOSE")).isEqualTo(port);
        assertThat(env).containsEntry("CAMEL_MANAGEMENT_PORT", port).containsEntry("CAMEL_MANAGEMENT_HOST", "0.0.0.0");
        assertThat(env.keySet().stream().filter(name -> !name.equals("JAVA_TOOL_OPTIONS") && !SettingsSource.readsVariable(name)))
                .as("variables the relay does not read").isEmpty();

        // HEALTHCHECK: java -cp <the jar> <a class with a public static main>
        String healthcheck = instruction(file, "HEALTHCHECK");
        List<String> command = execForm(healthcheck.substring(healthcheck.indexOf("CMD ") + 4).strip());
        assertThat(command.subList(0, 3)).containsExactly("java", "-cp", jar);
        assertThat(command.get(3)).isEqualTo(ReadinessProbe.class.getName());
        Method main = Class.forName(command.get(3)).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers())).isTrue();
    }

    @Test
    void the_image_gives_the_launchers_flags_for_the_deployments_memory_limit_so_the_relay_runs_in_the_first_jvm() throws Exception {
        List<String> flags = Arrays.asList(dockerEnv(dockerfile()).get("JAVA_TOOL_OPTIONS").split("\\s+"));
        assertThat(JvmLauncher.tuned(flags)).as("a heap or collector flag: run stays in this JVM").isTrue();

        long limit = bytes(at(container(), "resources", "limits", "memory"));
        List<String> resolved = flags.stream().map(f -> f.startsWith("-XX:MaxRAMPercentage=")
                ? "-Xmx" + (long) (limit * Double.parseDouble(f.substring(f.indexOf('=') + 1)) / 100 / (1 << 20)) + "m" : f).toList();
        assertThat(resolved).as("the image's flags in a container of " + (limit >> 20) + " MiB")
                .containsExactlyInAnyOrderElementsOf(JvmLauncher.flags(limit));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_kubernetes_manifests_agree_with_what_the_relay_reads_and_serves() throws Exception {
        Map<String, Object> deployment = manifest("deployment.yaml", "Deployment");
        Map<String, Object> pdb = manifest("poddisruptionbudget.yaml", "PodDisruptionBudget");
        Map<String, Object> configMap = manifest("configmap.yaml", "ConfigMap");
        Map<String, Object> secret = manifest("secret.yaml", "Secret");
        Map<String, Object> podMonitor = manifest("podmonitor.yaml", "PodMonitor");
        List<String> kustomized = at(MonitoringFiles.yaml(K8S.resolve("kustomization.yaml")), "resources");
        assertThat(kustomized).containsExactlyInAnyOrder("configmap.yaml", "secret.yaml", "deployment.yaml", "poddisruptionbudget.yaml");

        assertThat(((Number) at(deployment, "spec", "replicas")).intValue()).isEqualTo(2);
        Map<String, String> podLabels = at(deployment, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(at(deployment, "spec", "selector", "matchLabels"))
                .containsAllEntriesOf(at(pdb, "spec", "selector", "matchLabels"))
                .containsAllEntriesOf(at(podMonitor, "spec", "selector", "matchLabels"));
        assertThat(((Number) at(pdb, "spec", "minAvailable")).intValue()).isBetween(1, 1);

        // every variable, from the ConfigMap, the Secret or the container's env, is one the relay reads
        Map<String, Object> container = container();
        Map<String, String> env = new HashMap<>();
        // the placeholders a user fills in (<project>) as a user would
        ((Map<String, Object>) at(configMap, "data")).forEach((k, v) -> env.put(k, String.valueOf(v).replace("<project>", "abcdefghijklmnop")));
        ((Map<String, Object>) at(secret, "stringData")).forEach((k, v) -> env.put(k, "secret-" + k.toLowerCase()));
        for (Map<String, Object> e : (List<Map<String, Object>>) at(container, "env")) {
            env.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : "bubble-sync-7d9f-x2k4");
        }
        List<Map<String, Object>> envFrom = at(container, "envFrom");
        assertThat(envFrom).extracting(f -> f.containsKey("configMapRef") ? "configMap:" + at(f, "configMapRef", "name")
                : "secret:" + at(f, "secretRef", "name")).containsExactlyInAnyOrder(
                "configMap:" + at(configMap, "metadata", "name"), "secret:" + at(secret, "metadata", "name"));
        assertThat(env.keySet().stream().filter(name -> !SettingsSource.readsVariable(name)))
                .as("variables the relay does not read").isEmpty();
        assertThat(env.keySet()).contains("SYNC_DB_PASSWORD", "SERVICE_ROLE_KEY", "BUBBLE_API_KEY", "SYNC_ADMIN_TOKEN", "SYNC_DB_URL");
        assertThat(((Map<String, Object>) at(configMap, "data")).keySet()).as("secrets belong in the Secret")
                .doesNotContain("SYNC_DB_PASSWORD", "SERVICE_ROLE_KEY", "BUBBLE_API_KEY", "SYNC_ADMIN_TOKEN");

        // what the relay makes of them: accepted (a token for the non-loopback port), the port the probes ask
        Properties effective = SettingsSource.load(null, env, new Properties());
        RelaySettings.from(effective);
        String port = effective.getProperty("camel.management.port").strip();
        List<Map<String, Object>> ports = at(container, "ports");
        Map<String, Object> management = ports.stream().filter(p -> "management".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(String.valueOf(management.get("containerPort"))).isEqualTo(port);
        assertThat(effective.getProperty("camel.management.host")).as("probes come from outside the pod").isEqualTo("0.0.0.0");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(String.valueOf((Object) at(container, probe, "httpGet", "port"))).as(probe).isIn("management", port);
            assertThat((String) at(container, probe, "httpGet", "path")).as(probe).isIn(HEALTH_PATHS);
        }
        assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/observe/health/ready");
        assertThat((String) at(container, "livenessProbe", "httpGet", "path")).as("never restarted for an outage")
                .isEqualTo("/observe/health/live");
        Map<String, String> scrape = at(deployment, "spec", "template", "metadata", "annotations");
        assertThat(scrape).containsEntry("prometheus.io/port", port).containsEntry("prometheus.io/path", "/observe/metrics");
        assertThat((String) at(podMonitor, "spec", "podMetricsEndpoints", "0", "port")).isEqualTo("management");
        assertThat((String) at(podMonitor, "spec", "podMetricsEndpoints", "0", "path")).isEqualTo("/observe/metrics");

        int grace = ((Number) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")).intValue();
        assertThat(grace).as("longer than camel.main.shutdown-timeout")
                .isGreaterThan(Integer.parseInt(effective.getProperty("camel.main.shutdown-timeout").strip()));

        // relays of one Bubble app share its rate limit through the database: every replica is given the app's whole
        // budget (no more than the packaged one, a legacy plan's 1,000/min), and sharing stays on
        assertThat(Integer.parseInt(effective.getProperty("sync.bubble.rate-limit").strip()))
                .isLessThanOrEqualTo(Integer.parseInt(packaged().getProperty("sync.bubble.rate-limit").strip()));
        assertThat(effective.getProperty("sync.bubble.rate-limit.shared").strip()).as("replicas share one budget").isEqualTo("true");

        long requested = bytes(at(container, "resources", "requests", "memory"));
        long limit = bytes(at(container, "resources", "limits", "memory"));
        assertThat(limit).isGreaterThanOrEqualTo(requested);
        assertThat((Object) at(container, "resources", "requests", "cpu")).isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_probe_paths_the_scrape_path_and_the_image_health_check_answer_on_a_running_relay(@TempDir Path dir) throws Exception {
        Properties p = ManagementPort.enable(RelayHarness.defaults("http://127.0.0.1:9/functions/v1/bubble_sync"));
        try (RelayHarness relay = RelayHarness.start(p)) {
            Map<String, Object> container = container();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = at(container, probe, "httpGet", "path");
                assertThat(ManagementPort.call(p, "GET", path, null).statusCode()).as(probe + " " + path).isEqualTo(200);
            }
            String metricsPath = ((Map<String, String>) at(manifest("deployment.yaml", "Deployment"), "spec", "template", "metadata",
                    "annotations")).get("prometheus.io/path");
            assertThat(ManagementPort.call(p, "GET", metricsPath, null).body()).contains("sync_database_up");

            Path config = dir.resolve("probe.properties");
            Files.writeString(config, "camel.management.port = " + p.getProperty("camel.management.port") + "\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ReadinessProbe.probe(config, ReadinessProbe.READY, new PrintStream(out, true, StandardCharsets.UTF_8)))
                    .as(out.toString(StandardCharsets.UTF_8)).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(" 200 OK").contains("\"status\":\"UP\"");
            CliRun health = CliRun.of(Map.of(), "health", "--config", config.toString());
            assertThat(health.exitCode()).as(health.out() + health.err()).isZero();
        }
        try (ServerSocket closed = new ServerSocket(0)) {
            Path config = dir.resolve("nobody.properties");
            Files.writeString(config, "camel.management.port = " + closed.getLocalPort() + "\n");
            closed.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ReadinessProbe.probe(config, ReadinessProbe.READY, new PrintStream(out, true, StandardCharsets.UTF_8))).isFalse();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("does not answer");
        }
    }

    @Test
    void a_server_bound_to_every_address_is_asked_on_loopback() {
        assertThat(ReadinessProbe.connectHost("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(ReadinessProbe.connectHost("::")).isEqualTo("::1");
        assertThat(ReadinessProbe.connectHost("10.1.2.3")).isEqualTo("10.1.2.3");
    }
}
