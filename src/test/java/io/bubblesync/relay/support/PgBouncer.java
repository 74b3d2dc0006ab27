package io.bubblesync.relay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's PgBouncer (package pgbouncer, 1.18 on bookworm: /usr/sbin/pgbouncer) in front of the test PostgreSQL, on
 * a free loopback port, standing in for Supabase's pooler: pool_mode transaction (Supavisor's port 6543) or session
 * (port 5432). PgBouncer refuses to run as root, so as root it runs as user postgres (setpriv). Every database name
 * is passed through ("*" in [databases]); trust authentication for user postgres, as the embedded server has.
 */
public final class PgBouncer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    public enum Mode {
        SESSION, TRANSACTION;

        String poolMode() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Mode mode;
    private final Process process;
    private final int port;
    private final Path dir;
    private final Path log;

    private PgBouncer(Mode mode, Process process, int port, Path dir, Path log) {
        this.mode = mode;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
    }

    /** In front of the test PostgreSQL ({@link TestPostgres}), with a server pool of 20 per database. */
    public static PgBouncer start(Mode mode) {
        return start(mode, TestPostgres.server().getPort(), 20);
    }

    public static PgBouncer start(Mode mode, int serverPort, int poolSize) {
        if (!Files.isExecutable(BINARY)) {
            fail("the pooler tests need Debian's PgBouncer at " + BINARY + ": apt-get install -y pgbouncer (./test does this when it is missing)");
        }
        try {
            Path dir = Files.createTempDirectory("pgbouncer-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
            Path ini = dir.resolve("pgbouncer.ini");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    "* = host=localhost port=" + serverPort,
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + dir.resolve("users.txt"),
                    "pool_mode = " + mode.poolMode(),
                    "default_pool_size = " + poolSize,
                    "max_client_conn = 1000",
                    "") + "\n");
            for (Path f : List.of(ini, dir.resolve("users.txt"))) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Path log = Files.createDirectories(Path.of("target", "pgbouncer")).resolve(mode.poolMode() + "-" + port + ".log");
            List<String> cmd = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
            }
            cmd.addAll(List.of(BINARY.toString(), ini.toString()));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PgBouncer bouncer = new PgBouncer(mode, process, port, dir, log);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || listening());
        } catch (org.awaitility.core.ConditionTimeoutException notYet) {
            fail("pgbouncer did not listen on " + port + " within 10 s: " + Files.readString(log));
        }
        if (!process.isAlive()) {
            fail("pgbouncer exited at start (" + process.exitValue() + "): " + Files.readString(log));
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public Mode mode() {
        return mode;
    }

    /** The same database as {@code directUrl} (jdbc:postgresql://host:port/db...), through this pooler. */
    public String urlFor(String directUrl) {
        String rest = directUrl.substring("jdbc:postgresql://".length());
        return "jdbc:postgresql://127.0.0.1:" + port + rest.substring(rest.indexOf('/'));
    }

    /** PgBouncer's own process (setpriv execs it). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
