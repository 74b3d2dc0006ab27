package io.bubblesync.relay.spring;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.ops.WakeupStatus;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.PgBouncer;
import io.bubblesync.relay.support.RecordingSink;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot host whose own DataSource goes through a transaction-mode pooler (Debian's PgBouncer 1.18 in
 * pool_mode=transaction, standing in for Supabase's port 6543) with pgjdbc's defaults (prepareThreshold=5): the
 * auto-configuration migrates, looks up and delivers without a server-side prepared statement or session SET, and
 * gives the host its connections back as they were. Booted with SpringApplication and the relay's auto-configuration
 * only; camel-spring-boot's part (installing each CamelContextConfiguration, then starting the context, as its
 * CamelSpringBootApplicationListener does on ContextRefreshedEvent) is played by {@link Host#startCamel}.
 */
class SpringHostBehindTransactionPoolerTest {
    private static PgBouncer transaction;

    @BeforeAll
    static void pooler() {
        transaction = PgBouncer.start(PgBouncer.Mode.TRANSACTION);
        // keep the test's logback as it is (Spring Boot would reset it, and the captured lines with it)
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    }

    @AfterAll
    static void stop() {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        transaction.close();
    }

    @Test
    void a_fresh_database_is_migrated_through_the_hosts_pooled_datasource_and_again_on_restart_without_an_error_line() throws Exception {
        String direct = TestPostgres.newDatabase();
        String hostUrl = transaction.urlFor(direct);
        try (CapturedLogs logs = new CapturedLogs()) {
            try (ConfigurableApplicationContext first = boot(hostUrl, "http://127.0.0.1:9/unused")) {
                assertThat(logs.text()).containsPattern("schema: [4-9]\\d* migration\\(s\\) applied")
                        .contains("database path of the host's DataSource: transaction pooler");
            }
            try (ConfigurableApplicationContext again = boot(hostUrl, "http://127.0.0.1:9/unused")) {
                assertThat(logs.text()).contains("schema: 0 migration(s) applied");
            }
            assertThat(logs.at(Level.ERROR)).as("no ERROR line").isEmpty();
            assertThat(logs.text()).doesNotContain("already exists").doesNotContain("Unable to");
        }
        try (Connection c = DriverManager.getConnection(direct, postgres()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sync_relay_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void the_relay_in_the_host_delivers_by_polling_each_row_once_and_gives_the_hosts_connections_back_as_they_were() throws Exception {
        String direct = TestPostgres.newDatabase();
        try (RecordingSink sink = new RecordingSink(19, 0, 0, 0, 0); CapturedLogs logs = new CapturedLogs();
             ConfigurableApplicationContext app = boot(transaction.urlFor(direct), sink.url())) {
            drainsEachRowOnce(app, direct, sink, logs, WakeupStatus.Mode.POLL);
        }
    }

    /** The wake-up LISTENs on its own URL (here direct; a session pooler in life) while the host's pool is the transaction pooler's. */
    @Test
    void with_the_wakeup_on_a_url_of_its_own_the_borrowed_connections_still_follow_the_hosts_pooled_path() throws Exception {
        String direct = TestPostgres.newDatabase();
        try (RecordingSink sink = new RecordingSink(20, 0, 0, 0, 0); CapturedLogs logs = new CapturedLogs();
             ConfigurableApplicationContext app = boot(transaction.urlFor(direct), sink.url(), "--sync.db.url=" + direct,
                     "--sync.db.user=postgres")) {
            assertThat(logs.text()).contains("database path of the host's DataSource: transaction pooler");
            drainsEachRowOnce(app, direct, sink, logs, WakeupStatus.Mode.LISTEN);
        }
    }

    private static void drainsEachRowOnce(ConfigurableApplicationContext app, String direct, RecordingSink sink, CapturedLogs logs,
            WakeupStatus.Mode wakeupMode) throws Exception {
        CamelContext camel = app.getBean(CamelContext.class);
        WakeupStatus wakeup = camel.getRegistry().lookupByNameAndType("wakeupStatus", WakeupStatus.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> wakeup.mode() == wakeupMode);

        for (int i = 0; i < 10; i++) {
            try (Connection c = DriverManager.getConnection(direct, postgres()); Statement st = c.createStatement()) {
                st.execute("INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT 'orders', 's-" + i
                        + "-' || g, 'UPDATE', '{}' FROM generate_series(1, 30) g");
            }
        }

        long inserted = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(direct) == 300);
        System.out.printf("spring host behind the transaction pooler, wake-up %s: 300 rows completed %d ms after the last insert%n",
                wakeupMode, (System.nanoTime() - inserted) / 1_000_000);
        assertThat(sink.accepted()).hasSize(300);
        assertThat(sink.accepted().stream().map(RecordingSink.Delivery::id).distinct().count()).isEqualTo(300);
        DataSource hosts = app.getBean(DataSource.class);
        try (Connection c = hosts.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
            assertThat(c.unwrap(PGConnection.class).getPrepareThreshold()).as("the host's own threshold (pgjdbc's default)").isEqualTo(5);
            rs.next();
            assertThat(rs.getString(1)).as("no SET left on a server connection").isEqualTo("0");
        }
        assertThat(logs.at(Level.WARN)).as("no WARN or ERROR line (a LISTEN connection that fails would say so)")
                .noneMatch(line -> line.startsWith("bubble-sync") || line.startsWith("io.bubblesync"));
        assertThat(logs.at(Level.ERROR)).as("no ERROR line").isEmpty();
        assertThat(logs.text()).doesNotContain("already exists");
    }

    /** The host application, started as Spring Boot starts one (no web server), with the relay's settings in its Environment. */
    private static ConfigurableApplicationContext boot(String hostUrl, String endpoint, String... more) {
        // as command-line arguments; spring.config.name keeps Boot from reading the working directory's
        // application.properties (here the relay's own packaged defaults)
        List<String> args = new ArrayList<>(List.of("--spring.config.name=spring-host-test", "--host.datasource.url=" + hostUrl,
                "--sync.endpoint.url=" + endpoint, "--sync.endpoint.token=" + RelayHarness.TOKEN, "--sync.schedule.enabled=false",
                "--sync.http.timeout=2s"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(Host.class).web(WebApplicationType.NONE).registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(BubbleSyncAutoConfiguration.class)
    static class Host {
        /** The host's own pool through the pooler, with pgjdbc's defaults: nothing in its URL is for the relay. */
        @Bean
        HikariDataSource dataSource(Environment env) {
            HikariDataSource ds = new HikariDataSource();
            ds.setJdbcUrl(env.getRequiredProperty("host.datasource.url"));
            ds.setUsername("postgres");
            ds.setMaximumPoolSize(6);
            return ds;
        }

        @Bean
        CamelContext camelContext() {
            return new DefaultCamelContext();
        }

        @Bean
        ApplicationListener<ContextRefreshedEvent> startCamel() {
            return event -> {
                CamelContext camel = event.getApplicationContext().getBean(CamelContext.class);
                var configurations = event.getApplicationContext().getBeansOfType(CamelContextConfiguration.class).values();
                configurations.forEach(c -> c.beforeApplicationStart(camel));
                camel.start();
                configurations.forEach(c -> c.afterApplicationStart(camel));
            };
        }
    }

    private static Properties postgres() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return p;
    }

    private static int completed(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, postgres()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sync_queue WHERE status = 'completed'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
