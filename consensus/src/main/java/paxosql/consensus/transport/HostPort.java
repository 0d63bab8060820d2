package paxosql.consensus.transport;

import java.util.Locale;

/**
 * A host name or IP literal and a TCP port, exactly as the cluster configuration
 * names it. Kept unresolved on purpose: the configuration hash must not depend on
 * what DNS answers on each node.
 *
 * @param host a host name or IP literal (IPv6 without brackets); compared case-insensitively
 * @param port 1–65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host must not be empty");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port must be 1-65535, got " + port + " for host " + host);
        // Host names are case-insensitive; normalising here keeps the config hash identical on every node.
        host = host.trim().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}. */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port with a numeric port, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
