package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/** routes/admin.camel.yaml in Java: the admin API on the management port, each URL mapped to a method of AdminApi. */
public class AdminRoutes extends RouteBuilder {
    @Override
    public void configure() {
        admin("pause", "POST", "pause");
        admin("resume", "POST", "resume");
        admin("run-now", "POST", "runNow");
        admin("requeue", "POST", "requeue");
        admin("cleanup", "POST", "cleanup");
        admin("status", "GET", "status");
        admin("runs", "GET", "runs");
    }

    private void admin(String path, String httpMethod, String beanMethod) {
        from("platform-http:/admin/" + path + "?httpMethodRestrict=" + httpMethod).routeId("admin-" + path)
                .autoStartup("{{camel.management.enabled}}")
                .bean("adminApi", beanMethod);
    }
}
