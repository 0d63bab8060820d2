package paxosql.driver.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code jdbc:paxosql://host1:port1,host2:port2/dbname?key=value&...} URL: the
 * replicas to try, the database name and the raw options (their meaning belongs to the
 * JDBC driver). Hosts in IPv6 form are written in brackets.
 */
public record GroupUrl(List<GroupClient.Address> hosts, String database, Map<String, String> options) {
    public static final String PREFIX = "jdbc:paxosql://";

    public GroupUrl {
        hosts = List.copyOf(hosts);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** @throws SQLException SQLState {@code 08001} naming what is wrong with the URL */
    public static GroupUrl parse(String url) throws SQLException {
        if (!accepts(url)) throw bad(url, "it must start with " + PREFIX);
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        if (q >= 0) rest = rest.substring(0, q);
        int slash = rest.indexOf('/');
        String hostPart = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        List<GroupClient.Address> hosts = new ArrayList<>();
        for (String h : hostPart.split(",")) {
            if (h.isBlank()) continue;
            hosts.add(address(url, h.trim()));
        }
        if (hosts.isEmpty()) throw bad(url, "it names no host:port");
        Map<String, String> options = new LinkedHashMap<>();
        for (String kv : query.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            if (options.put(key, value) != null) throw bad(url, "option '" + key + "' is given twice");
        }
        return new GroupUrl(hosts, database, options);
    }

    private static GroupClient.Address address(String url, String h) throws SQLException {
        int colon = h.lastIndexOf(':');
        if (colon <= 0 || colon == h.length() - 1) throw bad(url, "'" + h + "' is not host:port");
        String host = h.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(url, "the port in '" + h + "' is not a number");
        }
        if (port < 1 || port > 65_535) throw bad(url, "the port in '" + h + "' is not between 1 and 65535");
        return new GroupClient.Address(host, port);
    }

    private static SQLException bad(String url, String why) {
        return new SQLException("bad PaxoSQL URL '" + url + "': " + why, "08001");
    }
}
