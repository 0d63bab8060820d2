package paxosql.replica.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a node reports about itself. The same text form ({@code key=value} lines) is
 * rewritten atomically in the data directory a few times a second, for the local tools
 * ({@code paxosql local}), and is what the node answers a status request with over its
 * client port ({@code paxosql status --url}).
 *
 * @param chosen           the last instance of the chosen prefix this node knows
 * @param applied          the last instance applied to its state
 * @param snapshot         the instance of its newest durable snapshot (0: none)
 * @param checksumInstance the instance {@code checksum} was computed at (0: none yet)
 * @param checksum         the state checksum at {@code checksumInstance} (empty: none yet)
 * @param diverged         a description of a checksum mismatch with a peer, empty when none was seen
 * @param lastCatchUp      what the last checksum catch-up fetched, empty when there was none
 * @param checksumHistory  the last few state checksums with their instances, {@code instance:checksum,...}
 *                         (peers compare theirs at equal instances)
 */
public record NodeStatus(int id, String role, String phase, Integer leaderId, String ballot, long chosen,
                         long applied, String operationalQuorum, long snapshot, long checksumInstance, String checksum,
                         String diverged, String lastCatchUp, String checksumHistory, long updatedAtMillis) {

    public boolean leading() { return "LEADING".equals(phase); }

    static final String FILE = "status";

    public String toText() {
        return "id=" + id + "\nrole=" + role + "\nphase=" + phase + "\nleader=" + (leaderId == null ? "" : leaderId)
                + "\nballot=" + ballot + "\nchosen=" + chosen + "\napplied=" + applied + "\noq=" + operationalQuorum
                + "\nsnapshot=" + snapshot + "\nchecksumInstance=" + checksumInstance + "\nchecksum=" + checksum
                + "\ndiverged=" + diverged.replace('\n', ' ') + "\ncatchUp=" + lastCatchUp.replace('\n', ' ')
                + "\nchecksums=" + checksumHistory + "\nupdated=" + updatedAtMillis + "\n";
    }

    public void write(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, toText(), StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<NodeStatus> read(Path dataDir) {
        try {
            return Optional.of(parse(Files.readString(dataDir.resolve(FILE), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not written yet, or being replaced
        }
    }

    /** Parses {@link #toText()}; throws {@link IllegalArgumentException} on anything else. */
    public static NodeStatus parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        try {
            String leader = kv.getOrDefault("leader", "");
            return new NodeStatus(Integer.parseInt(kv.get("id")), kv.get("role"), kv.get("phase"),
                    leader.isEmpty() ? null : Integer.parseInt(leader), kv.get("ballot"), Long.parseLong(kv.get("chosen")),
                    Long.parseLong(kv.get("applied")), kv.get("oq"), Long.parseLong(kv.getOrDefault("snapshot", "0")),
                    Long.parseLong(kv.getOrDefault("checksumInstance", "0")), kv.getOrDefault("checksum", ""),
                    kv.getOrDefault("diverged", ""), kv.getOrDefault("catchUp", ""), kv.getOrDefault("checksums", ""),
                    Long.parseLong(kv.get("updated")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a node status: " + e.getMessage(), e);
        }
    }
}
