package io.retailpulse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The read-only BI user {@value #USER}: applies {@code bi-user.sql} (SELECT on the bi_* views, nothing else) to a
 * local MariaDB as root. Idempotent, so every {@code ./pulse up} runs it.
 */
public final class BiUser {
    public static final String USER = "pulse_bi";
    static final String SCRIPT = "bi-user.sql";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private BiUser() {}

    /** Creates or updates the user on the server at {@code port} for {@code database}. */
    public static void apply(int port, String database, String password) {
        try (Connection root = MariaDbServer.connect(port, "", "root", "")) {
            apply(root, database, password);
        } catch (SQLException e) {
            throw new StackException("cannot set up the BI user " + USER + ": " + e.getMessage(), e);
        }
    }

    /** Runs the script's statements on {@code connection}, which must be allowed to create users and grant. */
    public static void apply(Connection connection, String database, String password) throws SQLException {
        // Both go into SQL text (CREATE USER and GRANT take no parameters): only plain characters are allowed.
        if (!PLAIN.matcher(database).matches() || !PLAIN.matcher(password).matches()) {
            throw new IllegalArgumentException("database and BI password must be letters, digits or _");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements()) {
                statement.execute(sql.replace("${database}", database).replace("${password}", password));
            }
        }
    }

    /** The script's statements, without comments. */
    static List<String> statements() {
        String text;
        try (InputStream in = BiUser.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the stack jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCRIPT, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(current.isEmpty() ? "" : " ").append(trimmed);
            if (trimmed.endsWith(";")) {
                statements.add(current.substring(0, current.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }
}
