package io.bubblesync.relay.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The management port's rule against other sites, in front of every path it serves (/admin, /dashboard, /observe):
 * <ul>
 * <li>Host: the name a request was sent to must be the address the port is bound to (camel.management.host; any IP
 * address when bound to all of them, and {@code localhost} when bound to loopback or all), or a name listed in
 * sync.admin.allowed-hosts. A DNS-rebinding page reaches the port under its own name, which is none of these. The port
 * part is not compared: a port mapping (Docker, kubectl port-forward) changes it, and a rebinding page cannot choose
 * another name through it. Kubernetes probes and Prometheus send the pod's IP address, so they pass unconfigured.</li>
 * <li>Origin: a request a browser marks with another site's origin (or "null") is refused, whatever its method; there
 * is no CORS grant, so a browser never lets another site read an answer either.</li>
 * <li>A call that changes state (any method but GET, HEAD, OPTIONS) needs the header {@code X-Bubble-Sync} (the
 * dashboard sends it) or {@code Content-Type: application/json}: a page on another site cannot send either without a
 * preflight, which the port does not grant. A form or a "simple" fetch is refused before any work is done.</li>
 * </ul>
 * Refusals answer 403 with one line of JSON. Installed by {@code GuardedManagementServer} as the first handler of
 * Camel's management server.
 */
public final class SiteGuard implements AuthenticationHandler {
    /** The header the dashboard and the command line send with calls that change state. */
    public static final String MARKER = "X-Bubble-Sync";
    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bound;
    private final Set<String> allowedNames;

    public SiteGuard(String boundHost, String allowedHosts) {
        this.bound = unbracket(boundHost == null ? "" : boundHost.trim().toLowerCase(Locale.ROOT));
        this.allowedNames = Arrays.stream(allowedHosts == null ? new String[0] : allowedHosts.split(","))
                .map(h -> hostOf(h.trim())).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Optional<String> refused = refusal(req.method().name(), authority(req), req.getHeader("Origin"),
                req.getHeader("Content-Type"), req.getHeader(MARKER) != null && !req.getHeader(MARKER).isBlank());
        if (refused.isEmpty()) {
            ctx.next();
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("error", refused.get()));
        } catch (JsonProcessingException e) {
            body = "{\"error\":\"refused\"}";
        }
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(body);
    }

    /** The Host header, or HTTP/2's :authority (the JDK's client upgrades to h2c): null when the request names none. */
    private static String authority(HttpServerRequest req) {
        HostAndPort a = req.authority();
        if (a == null) {
            return null;
        }
        String host = a.host().contains(":") && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
        return a.port() >= 0 ? host + ":" + a.port() : host;
    }

    /** Why the request is refused, or empty when it may go on. */
    Optional<String> refusal(String method, String hostHeader, String origin, String contentType, boolean marked) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return Optional.of("no Host header: say which address you reach the management port at");
        }
        String host = hostOf(hostHeader);
        if (!hostAllowed(host)) {
            return Optional.of("Host '" + shown(host) + "' is not this management port's address (" + (bound.isEmpty() ? "0.0.0.0" : bound)
                    + "): list the name in sync.admin.allowed-hosts if you reach the port by it");
        }
        if (origin != null && !sameSite(origin.trim(), hostHeader.trim())) {
            return Optional.of("Origin '" + shown(origin) + "' is another site: the management port answers its own dashboard and command-line clients only");
        }
        if (!READING.contains(method.toUpperCase(Locale.ROOT)) && !marked && !json(contentType)) {
            return Optional.of("a call that changes state needs the header '" + MARKER + ": 1' (or Content-Type: application/json)");
        }
        return Optional.empty();
    }

    private boolean hostAllowed(String host) {
        if (allowedNames.contains(host) || host.equals(bound)) {
            return true;
        }
        boolean wildcard = bound.isEmpty() || bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("::0");
        Optional<InetAddress> literal = literal(host);
        Optional<InetAddress> boundLiteral = literal(bound);
        boolean loopbackBound = bound.equals("localhost") || boundLiteral.map(InetAddress::isLoopbackAddress).orElse(false);
        if (host.equals("localhost")) {
            return wildcard || loopbackBound;
        }
        if (literal.isEmpty()) {
            return false;
        }
        return wildcard || literal.equals(boundLiteral) || (loopbackBound && literal.get().isLoopbackAddress());
    }

    /** The Origin names the scheme, host and port the request was sent to (or a listed name): the page is the port's own. */
    private boolean sameSite(String origin, String hostHeader) {
        try {
            URI o = new URI(origin);
            if (o.getHost() == null || !("http".equals(o.getScheme()) || "https".equals(o.getScheme()))) {
                return false; // "null" (sandboxed pages, files) included
            }
            String originHost = unbracket(o.getHost().toLowerCase(Locale.ROOT));
            if (allowedNames.contains(originHost)) {
                return true;
            }
            int originPort = o.getPort() > 0 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
            return originHost.equals(hostOf(hostHeader)) && originPort == portOf(hostHeader, "https".equals(o.getScheme()) ? 443 : 80);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean json(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase("application/json");
    }

    /** The host part of a Host header or a configured entry, lower case, without port, brackets or a final dot. */
    static String hostOf(String authority) {
        String a = authority.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? a : a.substring(1, end);
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && a.indexOf(':', colon + 1) < 0) {
            a = a.substring(0, colon);
        }
        return a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
    }

    private static int portOf(String authority, int byDefault) {
        String a = authority.trim();
        int colon = a.lastIndexOf(':');
        if (colon < 0 || a.lastIndexOf(']') > colon || (!a.startsWith("[") && a.indexOf(':') != colon)) {
            return byDefault;
        }
        try {
            return Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An IP address written as one (never a DNS lookup). */
    private static Optional<InetAddress> literal(String host) {
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(host.contains(":") && host.matches("[0-9a-f:.%a-z]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String shown(String text) {
        String s = text.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
