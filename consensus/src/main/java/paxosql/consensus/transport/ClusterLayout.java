package paxosql.consensus.transport;

import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Member;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the peer transport needs to know about the cluster: the group
 * configuration plus, for every member, where its peers reach it and where its
 * clients do.
 *
 * <p>Every node must be started with the same layout. {@link #configHash()} is what
 * two nodes compare during the handshake; a node whose hash differs is refused,
 * never merged (DESIGN.md § Transport).
 *
 * @param config    the members, their roles and the commit mode
 * @param addresses the addresses of every member of {@code config}, by member id; no others (kept sorted by id)
 */
public record ClusterLayout(GroupConfig config, Map<Integer, MemberAddresses> addresses) {

    /**
     * Where one member listens.
     *
     * @param peer   the peer transport port (node to node)
     * @param client the client protocol port (driver to node)
     */
    public record MemberAddresses(HostPort peer, HostPort client) {
        public MemberAddresses {
            if (peer == null || client == null) throw new IllegalArgumentException("a member needs both a peer and a client address");
            if (peer.equals(client)) throw new IllegalArgumentException("peer and client address are the same: " + peer);
        }
    }

    public ClusterLayout {
        if (config == null || addresses == null) throw new IllegalArgumentException("config and addresses must not be null");
        // Sorted by id, so that validation errors and iteration are the same on every node.
        addresses = Collections.unmodifiableSortedMap(new TreeMap<>(addresses));
        for (Member m : config.members()) {
            if (!addresses.containsKey(m.id())) throw new IllegalArgumentException("member " + m.id() + " has no addresses");
        }
        Map<HostPort, Integer> ownerOf = new HashMap<>();
        for (var e : addresses.entrySet()) {
            int id = e.getKey();
            if (config.member(id).isEmpty()) throw new IllegalArgumentException("addresses given for node " + id + ", which is not a member");
            for (HostPort hp : new HostPort[] {e.getValue().peer(), e.getValue().client()}) {
                Integer other = ownerOf.putIfAbsent(hp, id);
                if (other != null) throw new IllegalArgumentException("address " + hp + " is used by node " + other + " and node " + id);
            }
        }
    }

    /** The addresses of {@code id}; throws if it is not a member. */
    public MemberAddresses addressesOf(int id) {
        MemberAddresses a = addresses.get(id);
        if (a == null) throw new IllegalArgumentException("node " + id + " is not a member of this cluster");
        return a;
    }

    public HostPort peerAddressOf(int id) { return addressesOf(id).peer(); }

    public boolean isMember(int id) { return addresses.containsKey(id); }

    /**
     * The canonical text the configuration hash is taken over: one line per member in
     * id order ({@code member <id> <role> peer=<host:port> client=<host:port>}) and the
     * commit mode. Anything that differs between two nodes' layouts differs here.
     */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder("paxosql-cluster-layout v1\n");
        sb.append("mode ").append(config.mode().label()).append('\n');
        for (Member m : config.members()) { // GroupConfig keeps members sorted by id
            MemberAddresses a = addresses.get(m.id());
            sb.append("member ").append(m.id()).append(' ').append(m.role().name())
              .append(" peer=").append(a.peer()).append(" client=").append(a.client()).append('\n');
        }
        return sb.toString();
    }

    /** SHA-256 of {@link #canonicalText()}: identical on every node with the same layout. Returns a fresh copy. */
    public byte[] configHash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonicalText().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** {@link #configHash()} in hex, for logs and status pages. */
    public String configHashHex() {
        return HexFormat.of().formatHex(configHash());
    }
}
