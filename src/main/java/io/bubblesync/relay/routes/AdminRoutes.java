package io.bubblesync.relay.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * routes/admin.camel.yaml in Java: the admin API and the dashboard on the management port, one REST table where
 * each verb calls one bean method (AdminApi, DashboardApi, DashboardPage).
 */
public class AdminRoutes extends RouteBuilder {
    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode("off");
        rest().id("admin-api").description("The admin API and the dashboard on the management port")
                .disabled("{{!camel.management.enabled}}")
                .post("/admin/pause").id("admin-pause").to("bean:adminApi?method=pause")
                .post("/admin/resume").id("admin-resume").to("bean:adminApi?method=resume")
                .post("/admin/run-now").id("admin-run-now").to("bean:adminApi?method=runNow")
                .post("/admin/requeue").id("admin-requeue").to("bean:adminApi?method=requeue")
                .post("/admin/cleanup").id("admin-cleanup").to("bean:adminApi?method=cleanup")
                .get("/admin/status").id("admin-status").to("bean:adminApi?method=status")
                .get("/admin/runs").id("admin-runs").to("bean:adminApi?method=runs")
                .get("/admin/overview").id("admin-overview").to("bean:dashboardApi?method=overview")
                .get("/admin/throughput").id("admin-throughput").to("bean:dashboardApi?method=throughput")
                .get("/admin/failed").id("admin-failed").to("bean:dashboardApi?method=failed")
                .get("/admin/doctor").id("admin-doctor").to("bean:adminApi?method=doctor")
                .get("/admin/resync").id("admin-resync").to("bean:dashboardApi?method=resync")
                .get("/admin/record").id("admin-record").to("bean:dashboardApi?method=record")
                .get("/dashboard").id("dashboard").to("bean:dashboardPage?method=page")
                .get("/dashboard/{file}").id("dashboard-file").to("bean:dashboardPage?method=file");
    }
}
