package paxosql.replica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import paxosql.replica.node.NodeStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReportTest {

    private static NodeStatus status(int id, String phase, long applied, String checksum, String diverged) {
        return new NodeStatus(id, "voter", phase, 1, "3.1", 120, applied, "[1, 2]", 100, applied, checksum, diverged, "", "", 0);
    }

    private final StatusReport report = new StatusReport(List.of(
            new StatusReport.Member(1, "voter", "127.0.0.1:7001", true, status(1, "LEADING", 120, "ab\"c", "")),
            new StatusReport.Member(2, "voter", "127.0.0.1:7002", true, status(2, "FOLLOWER", 110, "abcd", "checksum at 100 differs\nbadly")),
            new StatusReport.Member(3, "witness", "127.0.0.1:7003", false, null)));

    @Test
    @DisplayName("the JSON form parses and has the fields scripts rely on")
    void jsonHasTheStableFields() throws Exception {
        JsonNode root = new ObjectMapper().readTree(report.toJson());
        assertThat(root.get("leader").asInt()).isEqualTo(1);
        JsonNode members = root.get("members");
        assertThat(members.size()).isEqualTo(3);
        JsonNode first = members.get(0);
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("role").asText()).isEqualTo("voter");
        assertThat(first.get("up").asBoolean()).isTrue();
        assertThat(first.get("leader").asBoolean()).isTrue();
        assertThat(first.get("applied").asLong()).isEqualTo(120);
        assertThat(first.get("checksum").asText()).isEqualTo("ab\"c");
        assertThat(members.get(1).get("lag").asLong()).isEqualTo(10);
        assertThat(first.get("operationalQuorum").isArray()).isTrue();
        assertThat(first.get("operationalQuorum").get(1).asInt()).isEqualTo(2);
        assertThat(members.get(1).get("diverged").asText()).contains("badly");
        JsonNode down = members.get(2);
        assertThat(down.get("up").asBoolean()).isFalse();
        assertThat(down.get("leader").asBoolean()).isFalse();
        assertThat(down.get("applied").isNull()).isTrue();
    }

    @Test
    @DisplayName("the table names the leader, marks down and diverged members")
    void tableIsReadable() {
        String t = report.toTable();
        assertThat(t).contains("leader: node 1").contains("down").contains("DIVERGED");
        assertThat(t.lines().findFirst().orElseThrow()).startsWith("ID");
    }
}
