package io.bubblesync.relay.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The dashboard's static files (src/main/resources/dashboard), served from the jar at GET /dashboard and
 * /dashboard/{file}: no CDN, no build step. The page itself needs no token; its data calls do (they go
 * to /admin). A strict Content-Security-Policy keeps it to its own scripts, styles and API.
 */
public class DashboardPage {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "resync.js", "text/javascript; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> content = new java.util.HashMap<>();

    public DashboardPage() {
        FILES.keySet().forEach(name -> content.put(name, load(name)));
    }

    /** GET /dashboard */
    public void page(Exchange exchange) {
        serve(exchange.getMessage(), "index.html");
    }

    /** GET /dashboard/{file}: only the page's own files, anything else is 404. */
    public void file(Exchange exchange) {
        serve(exchange.getMessage(), exchange.getMessage().getHeader("file", "", String.class));
    }

    private void serve(Message out, String name) {
        out.getHeaders().keySet().removeIf(h -> !h.startsWith("Camel"));
        byte[] body = content.get(name);
        if (body == null) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            out.setBody("not found");
            return;
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, FILES.get(name));
        out.setHeader("Cache-Control", "no-cache");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setHeader("Content-Security-Policy", POLICY);
        out.setBody(body);
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
