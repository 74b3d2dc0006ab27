package io.bubblesync.relay.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A PostgreSQL of its own for a fault test: same data folder and port across a restart. */
public final class RestartablePostgres implements AutoCloseable {
    private final Path data;
    private final int port;
    private EmbeddedPostgres server;

    public RestartablePostgres() throws IOException {
        data = Files.createTempDirectory("restartable-pg");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = start();
    }

    private EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("max_connections", "200").start();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Stops the server (every connection drops) and starts it again on the same data and port. */
    public synchronized void restart() throws IOException {
        server.close();
        server = start();
    }

    /** Stops the server until {@link #start()}. */
    public synchronized void stop() throws IOException {
        server.close();
    }

    public synchronized void startAgain() throws IOException {
        server = start();
    }

    /**
     * Freezes the server as a hung host would: SIGSTOP to its postmaster and every backend (connections stay
     * open, nothing answers) until {@link #thaw()}.
     */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public synchronized void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle root = ProcessHandle.of(postmaster).orElseThrow(() -> new IllegalStateException("no postmaster " + postmaster));
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("kill", "-" + which, Long.toString(postmaster)));
        root.descendants().forEach(p -> cmd.add(Long.toString(p.pid())));
        Process kill = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + which + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            thaw(); // a test that failed while the server was frozen must not leave it stopped
        } catch (RuntimeException | InterruptedException ignored) {
            // not running
        }
        server.close();
    }
}
