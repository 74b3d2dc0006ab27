package io.bubblesync.relay.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.OneLine;
import io.bubblesync.relay.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The admin token rule and JSON answers for the management port's data calls, as AdminApi applies them:
 * with sync.admin.token set a call needs {@code Authorization: Bearer <token>} (compared in constant time),
 * else it gets 401; a database that cannot be read gives 503 with a one-line JSON error.
 */
public final class AdminAccess {
    /** A call's work; may fail with SQLException when the database is away. */
    public interface Reading {
        Object read(Message in) throws Exception;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Secret token;
    private final DatabaseWait wait;

    public AdminAccess(Secret token) {
        this(token, null);
    }

    /** With a {@link DatabaseWait}: a reading waits at most a second, and none starts while the database is known away. */
    AdminAccess(Secret token, DatabaseWait wait) {
        this.token = token;
        this.wait = wait;
    }

    /** Answers the call with what {@code reading} returns (200), or 401 without the token, or 503 when the database fails. */
    public void answer(Exchange exchange, Reading reading) throws Exception {
        if (!admit(exchange)) {
            return;
        }
        answerAdmitted(exchange, reading);
    }

    private void answerAdmitted(Exchange exchange, Reading reading) throws Exception {
        if (wait != null) {
            DatabaseWait.Reply reply = wait.run(() -> reading.read(exchange.getMessage()));
            write(exchange, reply.status(), reply.status() == 200 ? reply.body()
                    : Map.of("error", OneLine.of(String.valueOf(((Map<?, ?>) reply.body()).get("error")), token)));
            return;
        }
        Object body;
        try {
            body = reading.read(exchange.getMessage());
        } catch (SQLException e) {
            write(exchange, 503, Map.of("error", "database unavailable: " + OneLine.of(e.getMessage(), token)));
            return;
        } catch (IllegalArgumentException e) {
            write(exchange, 400, Map.of("error", OneLine.of(e.getMessage())));
            return;
        }
        write(exchange, 200, body);
    }

    /** A view over a shared reading: its key and how to read it (both from the request), and the answer made of it. */
    public record View(String key, SharedReadings.Reading reading, Shape shape) {
    }

    /** The answer made of a shared reading (adding what the relay holds in memory). */
    public interface Shape {
        Object of(Object reading) throws Exception;
    }

    /** The view a request asks for; an IllegalArgumentException or BadInput (a bad parameter) answers 400. */
    public interface ViewOf {
        View of(Message in) throws Exception;
    }

    /**
     * Answers with a shared reading: from memory at once when there is a current one and the database answers the
     * background queue reading (no thread, no wait: any number of viewers); otherwise as {@link #answer}, reading it.
     */
    public void answer(Exchange exchange, SharedReadings shared, ViewOf viewOf) throws Exception {
        if (!admit(exchange)) {
            return;
        }
        View view;
        try {
            view = viewOf.of(exchange.getMessage());
        } catch (IllegalArgumentException | BadInput e) {
            write(exchange, 400, Map.of("error", OneLine.of(e.getMessage())));
            return;
        }
        java.util.Optional<Object> current = shared.current(view.key());
        if (current.isPresent() && wait.databaseAnswers()) {
            write(exchange, 200, view.shape().of(current.get()));
            return;
        }
        DatabaseWait.Reply read = wait.await(() -> shared.load(view.key(), view.reading(), wait.threads()));
        write(exchange, read.status(), read.status() == 200 ? view.shape().of(read.body())
                : Map.of("error", OneLine.of(String.valueOf(((Map<?, ?>) read.body()).get("error")), token)));
    }

    /** True when the call may go on; otherwise it has been answered 401. */
    boolean admit(Exchange exchange) throws Exception {
        if (allowed(exchange)) {
            return true;
        }
        write(exchange, 401, Map.of("error", "admin token required: Authorization: Bearer <sync.admin.token>"));
        return false;
    }

    boolean allowed(Exchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String given = exchange.getMessage().getHeader("Authorization", "", String.class);
        byte[] expected = ("Bearer " + token.reveal()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON answer; headers other than Camel's are dropped, nothing is cached. */
    void write(Exchange exchange, int status, Object body) throws Exception {
        Message out = exchange.getMessage();
        out.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader("Cache-Control", "no-store");
        out.setBody(json.writeValueAsString(body));
    }
}
