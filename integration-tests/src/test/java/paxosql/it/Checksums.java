package paxosql.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The check after every integration test: all replicas report the same state checksum at the same instance. */
final class Checksums {
    private Checksums() {}

    /**
     * Polls {@code paxosql status --json} until {@code replicas} members report the same
     * applied instance with a checksum computed at it, then asserts the checksums are equal.
     *
     * @param statusOptions more options for {@code paxosql status}, e.g. {@code --tls-truststore FILE}
     */
    static JsonNode assertAllEqual(String url, int replicas, String... statusOptions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = Cli.statusJson(url, statusOptions);
            long applied = -1;
            int settled = 0;
            boolean sameInstance = true;
            for (JsonNode m : last.get("members")) {
                if (!m.get("up").asBoolean() || m.get("applied") == null || m.get("applied").isNull()) continue;
                if ("witness".equals(m.get("role").asText())) continue;
                long a = m.get("applied").asLong();
                if (applied < 0) applied = a;
                sameInstance &= a == applied;
                if (m.get("checksumInstance").asLong() == a && !m.get("checksum").asText().isEmpty()) settled++;
            }
            if (sameInstance && settled == replicas) {
                String sum = null;
                for (JsonNode m : last.get("members")) {
                    if ("witness".equals(m.get("role").asText()) || !m.get("up").asBoolean()) continue;
                    if (sum == null) sum = m.get("checksum").asText();
                    assertThat(m.get("checksum").asText()).as("node " + m.get("id") + " at instance " + applied + " in " + last)
                            .isEqualTo(sum);
                }
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("replicas did not settle at one instance with checksums: " + last);
    }
}
