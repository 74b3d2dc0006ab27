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

    @Override
    public synchronized void close() throws IOException {
        server.close();
    }
}
