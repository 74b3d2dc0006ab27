package com.example.profiles;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.spring.BubbleSyncAutoConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** When the auto-configuration installs the relay, and when it stays out of the application's way. */
class AutoConfigurationConditionsTest {
    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, BubbleSyncAutoConfiguration.class))
            .withPropertyValues("sync.endpoint.url=http://127.0.0.1:9/functions/v1/bubble_sync", "sync.endpoint.token=k",
                    "sync.wakeup.enabled=false", "sync.schedule.enabled=false");

    @Test
    void no_relay_without_a_datasource() {
        app.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RelaySettings.class);
            assertThat(context.getBean(CamelContext.class).getRoute("pass")).isNull();
        });
    }

    @Test
    void no_relay_when_bubble_sync_enabled_is_false() {
        app.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + TestDatabase.url(), "bubble-sync.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RelaySettings.class);
                    assertThat(context.getBean(CamelContext.class).getRoute("pass")).isNull();
                });
    }

    @Test
    void relay_routes_in_the_camel_context_with_a_datasource() {
        app.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + TestDatabase.url(), "sync.claim.limit=7")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RelaySettings.class).claimLimit()).as("from Spring's Environment").isEqualTo(7);
                    assertThat(context.getBean(RelaySettings.class).batchSize()).as("packaged default").isEqualTo(5);
                    assertThat(context.getBean(CamelContext.class).getRoute("pass")).isNotNull();
                });
    }

    @Test
    void a_missing_endpoint_refuses_start_up_with_one_line() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        BubbleSyncAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + TestDatabase.url())
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("no bubble_sync endpoint"));
    }
}
