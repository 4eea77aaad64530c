package io.modelwatch.influx;


import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who the sink is to InfluxDB: a user and password (HTTP basic auth), a token ({@code Authorization: Token
 * ...}, InfluxDB 1.8+ and 2.x's v1 API) or nobody. Read from the environment ({@code INFLUX_USER} /
 * {@code INFLUX_PASSWORD} or {@code INFLUX_TOKEN}) or from a file of {@code KEY=VALUE} lines with the same
 * keys ({@code --influx-credentials-file} or {@code INFLUX_CREDENTIALS_FILE}), never from the command line.
 * {@link #toString()} never shows the password or token.
 */
public final class InfluxCredentials implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String USER = "INFLUX_USER";
    public static final String PASSWORD = "INFLUX_PASSWORD";
    public static final String TOKEN = "INFLUX_TOKEN";
    public static final String FILE = "INFLUX_CREDENTIALS_FILE";

    private static final InfluxCredentials NONE = new InfluxCredentials(null, null, null);

    private final String user;
    private final String password;
    private final String token;

    private InfluxCredentials(String user, String password, String token) {
        this.user = user;
        this.password = password;
        this.token = token;
    }

    public static InfluxCredentials none() {
        return NONE;
    }

    public static InfluxCredentials basic(String user, String password) {
        return new InfluxCredentials(user, password, null);
    }

    public static InfluxCredentials token(String token) {
        return new InfluxCredentials(null, null, token);
    }

    /**
     * A file given explicitly wins; then {@code INFLUX_TOKEN} or {@code INFLUX_USER}/{@code INFLUX_PASSWORD} in
     * the environment; then the file {@code INFLUX_CREDENTIALS_FILE} names; else no credentials.
     */
    public static InfluxCredentials resolve(Map<String, String> env, Path file) {
        if (file != null) return fromKeys(readFile(file, "--influx-credentials-file"), file.toString());
        if (present(env.get(TOKEN)) || present(env.get(USER)) || present(env.get(PASSWORD))) {
            return fromKeys(env, "the environment");
        }
        if (present(env.get(FILE))) {
            Path p = Paths.get(env.get(FILE));
            return fromKeys(readFile(p, FILE), p.toString());
        }
        return NONE;
    }

    private static InfluxCredentials fromKeys(Map<String, String> keys, String where) {
        String user = keys.get(USER), password = keys.get(PASSWORD), token = keys.get(TOKEN);
        if (present(token)) {
            if (present(user) || present(password)) {
                throw new InfluxSetupException("set either " + TOKEN + " or " + USER + "/" + PASSWORD + ", not both (in "
                        + where + ")");
            }
            return token(token);
        }
        if (present(user) != present(password)) {
            throw new InfluxSetupException(USER + " and " + PASSWORD + " go together; " + where + " has only "
                    + (present(user) ? USER : PASSWORD));
        }
        return present(user) ? basic(user, password) : NONE;
    }

    private static Map<String, String> readFile(Path file, String what) {
        Map<String, String> keys = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                int eq = l.indexOf('=');
                if (eq <= 0) throw new InfluxSetupException(what + " " + file + ": expected KEY=VALUE lines");
                keys.put(l.substring(0, eq).strip().replaceFirst("^export\\s+", ""), unquote(l.substring(eq + 1).strip()));
            }
        } catch (IOException e) {
            throw new InfluxSetupException(what + " " + file + " cannot be read: " + e.getMessage());
        }
        return keys;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    public boolean isPresent() {
        return user != null || token != null;
    }

    /** The value of the {@code Authorization} header, if any. */
    public Optional<String> authorizationHeader() {
        if (token != null) return Optional.of("Token " + token);
        if (user != null) {
            String pair = user + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** For error messages: which credentials were used, without the secret. */
    public String describe() {
        if (token != null) return "the token in " + TOKEN;
        if (user != null) return "user '" + user + "'";
        return "a request without credentials";
    }

    @Override
    public String toString() {
        if (token != null) return "InfluxCredentials[token=(hidden)]";
        if (user != null) return "InfluxCredentials[user=" + user + ", password=(hidden)]";
        return "InfluxCredentials[none]";
    }
}
