package paxosql.replica.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A fingerprint of a replica's whole state: every user table's rows, the catalog (schemas,
 * tables, columns, indexes, constraints, views, sequences with their current values, …)
 * and the replica's own bookkeeping (applied instance, client sessions and their last
 * results, the sequence journal). Independent of row order and of how H2 laid the data
 * out on disk, so two replicas that applied the same decisions have equal checksums.
 *
 * @param digest hex SHA-256 over all parts
 * @param parts  part name ({@code catalog}, {@code sequences}, {@code meta}, {@code table SCHEMA.NAME#b/B}; see
 *               {@link StateParts}) → checksum of that part, to show where two replicas differ
 */
public record StateChecksum(long appliedUpTo, String digest, SortedMap<String, String> parts) {
    public StateChecksum {
        parts = Collections.unmodifiableSortedMap(new TreeMap<>(parts));
    }

    /** The checksum made of these parts: the SHA-256 over {@code name=checksum} lines in name order. */
    public static StateChecksum of(long appliedUpTo, Map<String, String> parts) {
        SortedMap<String, String> sorted = new TreeMap<>(parts);
        MessageDigest md = StateChecksums.sha256();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new StateChecksum(appliedUpTo, HexFormat.of().formatHex(md.digest()), sorted);
    }
}
