package io.bubblesync.relay.camel;

import io.bubblesync.relay.ops.SiteGuard;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;

/**
 * Camel's management server (camel.management.*) with {@link SiteGuard} in front of every path it serves. camel-main
 * takes a MainHttpServerFactory from the registry when there is one (RelayRuntime binds this); the guard goes in as a
 * handler for "/*" of the server's authentication hook (Camel's documented place for a handler that runs before every
 * route, installed before the server listens), so no request, not even the first, reaches /admin, /dashboard or
 * /observe without it.
 */
public final class GuardedManagementServer extends DefaultMainHttpServerFactory {
    private final SiteGuard guard;

    public GuardedManagementServer(SiteGuard guard) {
        this.guard = guard;
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext, HttpManagementServerConfigurationProperties configuration) {
        Service server = super.newHttpManagementServer(camelContext, configuration);
        if (!(server instanceof ManagementHttpServer management)) {
            throw new IllegalStateException("the management server is not Camel's ManagementHttpServer: the admin port would be unguarded");
        }
        AuthenticationConfig hook = management.getConfiguration().getAuthenticationConfig();
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null); // the guard authenticates nobody: it checks where a request comes from
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends io.vertx.ext.auth.authentication.AuthenticationProvider> io.vertx.ext.web.handler.AuthenticationHandler
                    createAuthenticationHandler(T provider) {
                return guard;
            }
        });
        hook.getEntries().add(entry);
        hook.setEnabled(true);
        return server;
    }
}
