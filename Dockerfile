# The relay's container image. Build the shaded jar first, then the image:
#   mvn -B -ntp -DskipTests package && docker build -t bubble-sync:0.1.0 .
# Run it against your database (see docs/operating.md, "Container image"):
#   docker run --rm --memory 512m -p 127.0.0.1:8081:8081 -e SYNC_DB_URL=... -e SYNC_DB_PASSWORD=... \
#     -e SUPABASE_URL=... -e SERVICE_ROLE_KEY=... -e SYNC_ADMIN_TOKEN=... bubble-sync:0.1.0
# DeployFilesTest checks this file against the relay: the jar, the port, the flags, the variables, the health check.
FROM eclipse-temurin:17-jre

# a system user of its own, numeric so Kubernetes' runAsNonRoot can verify it
RUN groupadd --system --gid 10001 bubblesync \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin bubblesync

COPY target/bubble-sync.jar /opt/bubble-sync/bubble-sync.jar

# JVM flags: the launcher's (JvmLauncher): a quarter of the memory the container allows as heap (the launcher keeps it
# within 64-160 MB: the same for a limit of 256-640 MiB, e.g. deploy/kubernetes' 512 MiB -> 128 MB), starting at
# 32 MB, 512k thread stacks, the serial collector, a 64 MB code cache. Given a heap or collector flag, `run` and `once`
# stay in this JVM instead of starting a second one: the container's main process is the relay itself, so the
# SIGTERM of `docker stop` or the kubelet reaches it directly (graceful stop, rows handed back), its exit code is the
# container's, and the memory limit counts one JVM, not a 45 MB launcher too. Replace JAVA_TOOL_OPTIONS to change them.
# The management server binds every address so probes and scrapes from outside the container reach it: start-up then
# requires SYNC_ADMIN_TOKEN (the /admin API's bearer token).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=25 -Xms32m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m" \
    CAMEL_MANAGEMENT_HOST=0.0.0.0 \
    CAMEL_MANAGEMENT_PORT=8081

USER 10001:10001
WORKDIR /opt/bubble-sync
# the management port: /observe/health, /observe/metrics, /dashboard, /admin
EXPOSE 8081

# readiness, asked by the jar itself (eclipse-temurin images differ in the HTTP clients they carry; the JRE is always
# there): one plain HTTP request to /observe/health/ready, about 0.1 CPU-second a check
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
    CMD ["java", "-cp", "/opt/bubble-sync/bubble-sync.jar", "io.bubblesync.app.ReadinessProbe"]

# the base image's entrypoint (USE_SYSTEM_CA_CERTS=1 adds certificates mounted under /certificates) execs java
ENTRYPOINT ["/__cacert_entrypoint.sh", "java", "-jar", "/opt/bubble-sync/bubble-sync.jar"]
CMD ["run"]
