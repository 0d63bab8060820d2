package paxosql.replica.config;

import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Role;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one cluster configuration every node of a group shares: members (id, role, peer
 * address, client address) and the commit mode. Nodes whose configurations differ
 * refuse each other at the handshake (the transport compares a hash of it).
 *
 * <p>Text form, one setting per line ({@code #} starts a comment):
 * <pre>
 * mode = simplified
 * member 1 = voter   127.0.0.1:7101 127.0.0.1:7201
 * member 2 = voter   127.0.0.1:7102 127.0.0.1:7202
 * member 3 = witness 127.0.0.1:7103 127.0.0.1:7203
 * </pre>
 * and the same on one command line: {@code --members 1=voter@127.0.0.1:7101/127.0.0.1:7201,2=...}.
 */
public record ClusterConfig(CommitMode mode, ClusterLayout layout) {

    /** Reads the text form; errors name the file and line. */
    public static ClusterConfig read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        CommitMode mode = CommitMode.SIMPLIFIED;
        Map<Integer, MemberLine> members = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) continue;
            String where = file + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException(where + ": expected 'key = value', got '" + line + "'");
            String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).trim();
            try {
                if (key.equals("mode")) {
                    mode = CommitMode.parse(value);
                } else if (key.startsWith("member ")) {
                    int id = Integer.parseInt(key.substring("member ".length()).trim());
                    String[] f = value.split("\\s+");
                    if (f.length != 3) throw new IllegalArgumentException("expected 'ROLE PEER_HOST:PORT CLIENT_HOST:PORT'");
                    if (members.put(id, new MemberLine(id, parseRole(f[0]), HostPort.parse(f[1]), HostPort.parse(f[2]))) != null) {
                        throw new IllegalArgumentException("member " + id + " is listed twice");
                    }
                } else {
                    throw new IllegalArgumentException("unknown setting '" + key + "' (expected 'mode' or 'member N')");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return of(mode, List.copyOf(members.values()));
    }

    /** Parses {@code 1=voter@127.0.0.1:7101/127.0.0.1:7201,2=...}. */
    public static ClusterConfig parseMembers(String spec, CommitMode mode) {
        List<MemberLine> members = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            try {
                int eq = p.indexOf('=');
                int at = p.indexOf('@');
                int slash = p.indexOf('/', at);
                if (eq < 0 || at < eq || slash < at) throw new IllegalArgumentException("expected ID=ROLE@PEER_HOST:PORT/CLIENT_HOST:PORT");
                members.add(new MemberLine(Integer.parseInt(p.substring(0, eq).trim()), parseRole(p.substring(eq + 1, at)),
                        HostPort.parse(p.substring(at + 1, slash)), HostPort.parse(p.substring(slash + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("member '" + p + "': " + e.getMessage(), e);
            }
        }
        return of(mode, members);
    }

    private record MemberLine(int id, Role role, HostPort peer, HostPort client) {}

    private static ClusterConfig of(CommitMode mode, List<MemberLine> lines) {
        if (lines.isEmpty()) throw new IllegalArgumentException("the configuration lists no members");
        List<Member> members = new ArrayList<>();
        Map<Integer, ClusterLayout.MemberAddresses> addresses = new LinkedHashMap<>();
        for (MemberLine m : lines) {
            members.add(new Member(m.id(), m.role()));
            addresses.put(m.id(), new ClusterLayout.MemberAddresses(m.peer(), m.client()));
        }
        return new ClusterConfig(mode, new ClusterLayout(new GroupConfig(members, mode), addresses));
    }

    private static Role parseRole(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "voter" -> Role.VOTER;
            case "witness" -> Role.WITNESS;
            case "learner" -> Role.LEARNER;
            default -> throw new IllegalArgumentException("unknown role '" + s + "': expected voter, witness or learner");
        };
    }

    public GroupConfig group() { return layout.config(); }

    /** The text form, readable by {@link #read}. */
    public String toText() {
        StringBuilder b = new StringBuilder("# PaxoSQL cluster configuration: identical on every node\n");
        b.append("mode = ").append(mode.label()).append('\n');
        for (Member m : group().members()) {
            ClusterLayout.MemberAddresses a = layout.addressesOf(m.id());
            b.append("member ").append(m.id()).append(" = ").append(m.role().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(a.peer().host()).append(':').append(a.peer().port()).append(' ')
                    .append(a.client().host()).append(':').append(a.client().port()).append('\n');
        }
        return b.toString();
    }
}
