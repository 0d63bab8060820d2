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
 * What a node reports about itself in its data directory ({@code status}), rewritten
 * atomically a few times a second: the local tools ({@code paxosql local}) read it
 * without a network round trip.
 */
public record NodeStatus(int id, String role, String phase, Integer leaderId, String ballot, long chosen,
                         long applied, String operationalQuorum, long updatedAtMillis) {

    public boolean leading() { return "LEADING".equals(phase); }

    static final String FILE = "status";

    public void write(Path dataDir) throws IOException {
        String text = "id=" + id + "\nrole=" + role + "\nphase=" + phase + "\nleader=" + (leaderId == null ? "" : leaderId)
                + "\nballot=" + ballot + "\nchosen=" + chosen + "\napplied=" + applied + "\noq=" + operationalQuorum
                + "\nupdated=" + updatedAtMillis + "\n";
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<NodeStatus> read(Path dataDir) {
        try {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dataDir.resolve(FILE), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
            String leader = kv.getOrDefault("leader", "");
            return Optional.of(new NodeStatus(Integer.parseInt(kv.get("id")), kv.get("role"), kv.get("phase"),
                    leader.isEmpty() ? null : Integer.parseInt(leader), kv.get("ballot"), Long.parseLong(kv.get("chosen")),
                    Long.parseLong(kv.get("applied")), kv.get("oq"), Long.parseLong(kv.get("updated"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not written yet, or being replaced
        }
    }
}
