package io.bubblesync.relay.spring;

import io.bubblesync.relay.config.RelaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The relay in a Spring Boot application with camel-spring-boot: its settings from Spring's Environment, its
 * routes and beans in Spring's CamelContext (before it starts), Spring's DataSource, its meters in Spring's
 * MeterRegistry (when there is one) and its health checks in Camel's health registry, which camel-spring-boot
 * shows in /actuator/health. No server of its own. Off with {@code bubble-sync.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.apache.camel.spring.boot.CamelAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(CamelContextConfiguration.class)
@ConditionalOnBean(CamelContext.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "bubble-sync", name = "enabled", havingValue = "true", matchIfMissing = true)
public class BubbleSyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RelaySettings bubbleSyncSettings(ConfigurableEnvironment environment, DataSource dataSource) {
        return EnvironmentSettings.from(environment, dataSource);
    }

    @Bean
    public CamelContextConfiguration bubbleSyncRelay(RelaySettings settings, DataSource dataSource,
            ObjectProvider<MeterRegistry> meters) {
        return new RelayInstaller(settings, dataSource, meters::getIfUnique);
    }
}
