package io.bubblesync.relay.ops;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks every value an operator gives (command-line options, admin API parameters) before anything touches
 * the database; a refused value is a {@link BadInput} naming the option and what it accepts.
 */
public final class OperatorInput {
    /** Retention in days: 1 day to 100 years. */
    public static final int MAX_DAYS = 36_500;
    public static final int MAX_RUNS = 1_000;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** PostgreSQL identifiers are at most 63 bytes; a table_name never holds control characters. */
    private static final int MAX_TABLE_BYTES = 63;

    private OperatorInput() {
    }

    public static String rowId(String option, String value) {
        if (value == null || !UUID_TEXT.matcher(value.trim()).matches()) {
            throw new BadInput(option + " '" + shown(value) + "' is not a row id: give the sync_queue id, a UUID such as "
                    + new UUID(0x3f2a_0c1e_4b6d_4e8aL, 0x9c1d_2b3a_4c5d_6e7fL));
        }
        return value.trim().toLowerCase(java.util.Locale.ROOT);
    }

    public static String table(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new BadInput(option + " is empty: give a table_name as it appears in sync_queue, e.g. profiles");
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TABLE_BYTES || value.chars().anyMatch(Character::isISOControl)) {
            throw new BadInput(option + " '" + shown(value) + "' is not a table name (at most 63 bytes, no control characters)");
        }
        return value;
    }

    public static int days(String option, Integer value) {
        if (value == null || value < 1 || value > MAX_DAYS) {
            throw new BadInput(option + "=" + value + " must be a whole number of days from 1 to " + MAX_DAYS
                    + " (rows newer than this are kept)");
        }
        return value;
    }

    public static int runs(String option, Integer value) {
        if (value == null || value < 1 || value > MAX_RUNS) {
            throw new BadInput(option + "=" + value + " must be from 1 to " + MAX_RUNS);
        }
        return value;
    }

    /** A whole number as text (an admin API parameter); null when absent. */
    public static Integer number(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInput(option + "='" + shown(value) + "' is not a whole number");
        }
    }

    /** true or false; absent is false. */
    public static boolean flag(String option, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadInput(option + "='" + shown(value) + "' must be true or false");
    }

    /** The value as it may be echoed: one line, at most 80 characters. */
    static String shown(String value) {
        if (value == null) {
            return "";
        }
        String line = value.replaceAll("\\p{Cntrl}", "?");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
