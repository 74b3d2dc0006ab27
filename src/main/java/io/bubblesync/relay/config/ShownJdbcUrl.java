package io.bubblesync.relay.config;

import java.util.regex.Pattern;

/**
 * A JDBC URL as the relay shows it in logs and messages: pgjdbc takes a password (and an SSL key's password) as URL
 * parameters too (jdbc:postgresql://host/db?user=u&password=p), and a connection string copied from a panel may carry
 * one; their values are replaced by ***. Everything else stays, so the operator still sees which database is meant.
 */
public final class ShownJdbcUrl {
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@?;]*?):[^/@?;]*@");

    private ShownJdbcUrl() {
    }

    public static String of(String url) {
        if (url == null) {
            return "";
        }
        return USER_INFO.matcher(SECRET_PARAMETER.matcher(url).replaceAll("$1***")).replaceAll("$1:***@");
    }
}
