package io.bubblesync.relay.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A JDBC URL as logs and messages show it: which database is meant, never a password it carries. */
class ShownJdbcUrlTest {
    @Test
    void password_parameters_and_user_info_are_hidden_and_the_rest_is_kept() {
        assertThat(ShownJdbcUrl.of("jdbc:postgresql://aws-0-eu-west-1.pooler.supabase.com:5432/postgres?user=postgres.ref&password=s3cr3t&sslmode=require"))
                .isEqualTo("jdbc:postgresql://aws-0-eu-west-1.pooler.supabase.com:5432/postgres?user=postgres.ref&password=***&sslmode=require");
        assertThat(ShownJdbcUrl.of("jdbc:postgresql://db.ref.supabase.co/postgres?sslpassword=k3y&PASSWORD=x"))
                .isEqualTo("jdbc:postgresql://db.ref.supabase.co/postgres?sslpassword=***&PASSWORD=***");
        assertThat(ShownJdbcUrl.of("jdbc:postgresql://postgres:s3cr3t@db.ref.supabase.co:5432/postgres"))
                .isEqualTo("jdbc:postgresql://postgres:***@db.ref.supabase.co:5432/postgres");
        assertThat(ShownJdbcUrl.of("jdbc:postgresql://127.0.0.1:5432/postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
    }
}
