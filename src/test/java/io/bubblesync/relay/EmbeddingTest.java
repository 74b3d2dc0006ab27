package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.camel.EmbeddedRelay;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();
    @RegisterExtension
    static WireMockExtension hostService = Sink.extension();

    @Test
    void relay_installed_in_a_host_camel_context_delivers_when_the_host_sends_to_direct_pass() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
        try (HikariDataSource ds = Database.open(settings); DefaultCamelContext host = new DefaultCamelContext()) {
            Schema.migrate(ds);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:host-tick").routeId("host-tick").setProperty("job", constant("processor")).to("direct:pass");
                }
            });
            EmbeddedRelay.install(host, settings, ds);
            host.start();
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('t', '1', 'INSERT', '{}')");
            }

            PassTally tally = host.createProducerTemplate().request("direct:host-tick", ex -> { }).getMessage().getBody(PassTally.class);

            assertThat(tally.completed()).isEqualTo(1);
            assertThat(host.getRoute("host-tick")).isNotNull();
            assertThat(host.getRoute("processor")).as("cron route present, stopped with the schedule off").isNotNull();
            assertThat(Sink.requests(sink)).hasSize(1);
        }
    }

    @Test
    void connections_the_relay_borrows_from_the_host_pool_carry_its_timeouts_and_go_back_with_the_hosts() throws Exception {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.db.statement-timeout", "1s");
        p.setProperty("sync.db.socket-timeout", "9s");
        RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
        // the host's own pool: one connection, no statement or socket timeout
        try (HikariDataSource migration = Database.open(settings)) {
            Schema.migrate(migration);
        }
        try (HikariDataSource hostPool = new HikariDataSource(); DefaultCamelContext host = new DefaultCamelContext()) {
            hostPool.setJdbcUrl(settings.dbUrl());
            hostPool.setUsername("postgres");
            hostPool.setMaximumPoolSize(1);
            EmbeddedRelay.install(host, settings, hostPool);
            javax.sql.DataSource relays = host.getRegistry().lookupByNameAndType("syncDataSource", javax.sql.DataSource.class);

            try (var c = relays.getConnection()) {
                assertThat(setting(c, "statement_timeout")).isEqualTo("1s");
                assertThat(c.getNetworkTimeout()).isEqualTo(9_000);
            }
            try (var c = hostPool.getConnection()) {
                assertThat(setting(c, "statement_timeout")).as("the host's value again").isEqualTo("0");
                assertThat(c.getNetworkTimeout()).isZero();
            }
            try (var c = relays.getConnection(); var st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("SELECT pg_sleep(3)")).as("the relay's statement timeout holds")
                        .hasMessageContaining("statement timeout");
            }
        }
    }

    private static String setting(java.sql.Connection c, String name) throws Exception {
        try (var st = c.createStatement(); var rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void install_adds_to_the_host_and_its_own_http_calls_carry_no_key_and_keep_its_configuration() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        hostService.stubFor(post(urlEqualTo("/orders")).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
        try (HikariDataSource ds = Database.open(settings); DefaultCamelContext host = new DefaultCamelContext()) {
            Schema.migrate(ds);
            Properties hostOverrides = new Properties();
            hostOverrides.setProperty("orders.url", "http://127.0.0.1:" + hostService.getPort() + "/orders");
            host.getPropertiesComponent().setOverrideProperties(hostOverrides);
            HttpClientConfigurer hostConfigurer = builder -> builder.setUserAgent("host-app");
            HttpComponent hostHttp = host.getComponent("http", HttpComponent.class);
            hostHttp.setHttpClientConfigurer(hostConfigurer);
            hostHttp.setResponseTimeout(4_321);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:host-order").routeId("host-order").to("{{orders.url}}");
                }
            });

            EmbeddedRelay.install(host, settings, ds);
            host.start();
            host.createProducerTemplate().sendBody("direct:host-order", "{\"order\":1}");
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('t', '1', 'INSERT', '{}')");
            }
            host.createProducerTemplate().send("direct:pass", ex -> ex.setProperty("job", "processor"));

            assertThat(((org.apache.camel.component.properties.PropertiesComponent) host.getPropertiesComponent())
                    .getOverrideProperties()).isSameAs(hostOverrides);
            assertThat(host.getPropertiesComponent().resolveProperty("orders.url")).contains(hostOverrides.getProperty("orders.url"));
            assertThat(hostOverrides.stringPropertyNames()).containsExactly("orders.url");
            assertThat(host.getComponent("http", HttpComponent.class)).isSameAs(hostHttp);
            assertThat(hostHttp.getHttpClientConfigurer()).isSameAs(hostConfigurer);
            assertThat(hostHttp.getResponseTimeout()).isEqualTo(4_321);
            assertThat(host.getPropertiesComponent().resolveProperty("sync.endpoint.token")).as("no secret as a placeholder").isEmpty();
            var order = hostService.getAllServeEvents().get(0).getRequest();
            assertThat(order.containsHeader("Authorization")).isFalse();
            assertThat(order.getHeader("User-Agent")).isEqualTo("host-app");
            assertThat(Sink.requests(sink).get(0).getRequest().getHeader("Authorization")).isEqualTo("Bearer " + RelayHarness.TOKEN);
        }
    }

    @Test
    void install_refuses_to_replace_a_host_bean_of_the_same_name() throws Exception {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
        try (HikariDataSource ds = Database.open(settings); DefaultCamelContext host = new DefaultCamelContext()) {
            Schema.migrate(ds);
            Object hostHooks = new Object();
            host.getRegistry().bind("hooks", hostHooks);

            assertThatThrownBy(() -> EmbeddedRelay.install(host, settings, ds))
                    .hasMessageContaining("already has a bean named 'hooks'");
            assertThat(host.getRegistry().lookupByName("hooks")).isSameAs(hostHooks);
        }
    }
}
