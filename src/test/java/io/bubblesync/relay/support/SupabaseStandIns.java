package io.bubblesync.relay.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a Supabase project has beside sync_queue, made by the test on a plain PostgreSQL: a {@code vault} schema
 * whose {@code decrypted_secrets} view has Vault's columns, and pg_cron's {@code cron.job} table with a
 * {@code cron.unschedule(text)} that fails on an unknown name, as pg_cron's does.
 */
public final class SupabaseStandIns {
    private SupabaseStandIns() {
    }

    public static void vault(String jdbcUrl) {
        run(jdbcUrl, """
                CREATE SCHEMA vault;
                CREATE TABLE vault.secrets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text UNIQUE, description text,
                                            secret text, key_id uuid, nonce bytea,
                                            created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());
                CREATE VIEW vault.decrypted_secrets AS
                  SELECT id, name, description, secret, secret AS decrypted_secret, key_id, nonce, created_at, updated_at FROM vault.secrets;
                """);
    }

    public static void secret(String jdbcUrl, String name, String value) {
        run(jdbcUrl, "INSERT INTO vault.secrets (name, secret) VALUES (?, ?)", name, value);
    }

    public static void cron(String jdbcUrl) {
        run(jdbcUrl, """
                CREATE SCHEMA cron;
                CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL,
                                       nodename text NOT NULL DEFAULT 'localhost', nodeport integer NOT NULL DEFAULT 5432,
                                       database text NOT NULL DEFAULT current_database(), username text NOT NULL DEFAULT current_user,
                                       active boolean NOT NULL DEFAULT true, jobname text);
                CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM cron.job WHERE jobname = job_name;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'could not find valid entry for job ''%''', job_name;
                    END IF;
                    RETURN true;
                END $$;
                """);
    }

    public static void schedule(String jdbcUrl, String name, String schedule, String command) {
        run(jdbcUrl, "INSERT INTO cron.job (jobname, schedule, command) VALUES (?, ?, ?)", name, schedule, command);
    }

    /** The command of the origin's processor job, as its migration scheduled it. */
    public static String originProcessorCommand() {
        return """
                SELECT net.http_post(
                  url := (SELECT decrypted_secret FROM vault.decrypted_secrets WHERE name = 'supabase_url') || '/functions/v1/bubble_sync',
                  headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization',
                             'Bearer ' || (SELECT decrypted_secret FROM vault.decrypted_secrets WHERE name = 'service_role_key')),
                  body := '{"action":"process_queue_data_api","payload":{"limit":10,"batch_size":5}}'::jsonb)""";
    }

    private static void run(String jdbcUrl, String sql, String... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            if (params.length == 0) {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                }
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i]);
                }
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
