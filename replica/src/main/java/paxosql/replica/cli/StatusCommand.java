package paxosql.replica.cli;

import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.WireMessage;
import paxosql.replica.node.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code paxosql status --url URL [--json]}: every member's own view of itself. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the group's members and how each of them is doing.",
                "",
                "For each member: role, whether up, leader, ballot, chosen and applied instance, lag, operational quorum, "
                        + "snapshot instance and state checksum. Exit status 0 when every member answered, 3 otherwise.", ""})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    GroupAccess access;

    @Option(names = "--json", description = "Print JSON (a stable interface for scripts) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StatusReport report = collect(access);
        System.out.print(json ? report.toJson() + "\n" : report.toTable());
        return report.allAnswered() ? 0 : 3;
    }

    /** Asks every member of the group {@code access} reaches for its own status. */
    static StatusReport collect(GroupAccess access) throws Exception {
        List<StatusReport.Member> members = new ArrayList<>();
        for (WireMessage.MemberAddress m : access.members()) {
            String address = m.host() + ":" + m.port();
            boolean up = false;
            NodeStatus status = null;
            try (ReplicaConnection c = access.connect(m.host(), m.port())) {
                up = true;
                status = NodeStatus.parse(c.status(access.timeout()));
            } catch (SQLException e) {
                // Refused (not down): e.g. a witness asked with a user's password.
                up = !e.getSQLState().startsWith("08");
            }
            members.add(new StatusReport.Member(m.nodeId(), m.role(), address, up, status));
        }
        return new StatusReport(members);
    }
}
