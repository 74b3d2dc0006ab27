package io.bubblesync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the relay's own sql/*.sql files as plain JDBC: camel-sql's :#name parameters become ?; a file
 * written with JDBC ? parameters names them in order.
 */
final class RelayStatement {
    private static final Pattern PARAM = Pattern.compile(":#(\\w+)");

    private final String sql;
    private final List<String> names;

    private RelayStatement(String sql, List<String> names) {
        this.sql = sql;
        this.names = names;
    }

    /** A file with JDBC ? parameters, named here in their order. */
    static RelayStatement load(String name, String... positional) {
        return new RelayStatement(load(name).sql, List.of(positional));
    }

    static RelayStatement load(String name) {
        try (InputStream in = RelayStatement.class.getClassLoader().getResourceAsStream("sql/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                names.add(m.group(1));
                m.appendReplacement(out, "?");
            }
            m.appendTail(out);
            return new RelayStatement(out.toString(), names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sql() {
        return sql;
    }

    PreparedStatement prepare(Connection c) throws SQLException {
        return c.prepareStatement(sql);
    }

    void bind(PreparedStatement ps, Map<String, ?> values) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            ps.setObject(i + 1, values.get(names.get(i)));
        }
    }
}
