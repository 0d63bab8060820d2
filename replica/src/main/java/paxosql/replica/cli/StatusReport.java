package paxosql.replica.cli;

import paxosql.replica.node.NodeStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code paxosql status} prints: one entry per member of the group, from that
 * member's own answer (or marked down when it did not answer). The JSON form is a stable
 * interface for scripts: {@code {"members": [{"id", "role", "up", "leader", "applied",
 * "checksum", ...}], "leader": id|null}}, where {@code checksum} is the state checksum
 * at {@code applied} (empty when the member has not computed it).
 */
record StatusReport(List<Member> members) {

    /**
     * A member as the configuration names it, whether its client port answered, and what it
     * said about itself ({@code null} when down, or when it answered but would not tell —
     * a witness asked without the cluster secret).
     */
    record Member(int id, String role, String address, boolean up, NodeStatus status) {}

    /** True when every member answered with its status. */
    boolean allAnswered() {
        for (Member m : members) if (m.status() == null) return false;
        return true;
    }

    Integer leader() {
        for (Member m : members) if (m.status() != null && m.status().leading()) return m.id();
        return null;
    }

    long maxChosen() {
        long max = 0;
        for (Member m : members) if (m.status() != null) max = Math.max(max, m.status().chosen());
        return max;
    }

    String toJson() {
        StringBuilder b = new StringBuilder("{\"leader\":").append(leader()).append(",\"members\":[");
        long max = maxChosen();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            NodeStatus s = m.status();
            if (i > 0) b.append(',');
            b.append("{\"id\":").append(m.id()).append(",\"role\":").append(str(m.role()))
                    .append(",\"address\":").append(str(m.address())).append(",\"up\":").append(m.up())
                    .append(",\"leader\":").append(s != null && s.leading());
            if (s != null) {
                b.append(",\"phase\":").append(str(s.phase())).append(",\"ballot\":").append(str(s.ballot()))
                        .append(",\"chosen\":").append(s.chosen()).append(",\"applied\":").append(s.applied())
                        .append(",\"lag\":").append(Math.max(0, max - s.applied()))
                        .append(",\"operationalQuorum\":").append(s.operationalQuorum().matches("\\[[0-9, ]*\\]")
                                ? s.operationalQuorum() : str(s.operationalQuorum()))
                        .append(",\"snapshot\":").append(s.snapshot())
                        .append(",\"checksumInstance\":").append(s.checksumInstance())
                        .append(",\"checksum\":").append(str(s.checksum()))
                        .append(",\"diverged\":").append(str(s.diverged()))
                        .append(",\"catchUp\":").append(str(s.lastCatchUp()));
            } else {
                b.append(",\"applied\":null,\"checksum\":null");
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    String toTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "ROLE", "ADDRESS", "UP", "PHASE", "BALLOT", "CHOSEN", "APPLIED", "LAG", "OQ", "SNAPSHOT", "CHECKSUM"});
        long max = maxChosen();
        for (Member m : members) {
            NodeStatus s = m.status();
            if (s == null) {
                rows.add(new String[] {String.valueOf(m.id()), m.role(), m.address(), m.up() ? "yes" : "down", m.up() ? "?" : "",
                        "", "", "", "", "", "", ""});
            } else {
                String sum = s.checksum().isEmpty() ? "-" : s.checksum().substring(0, Math.min(16, s.checksum().length()))
                        + "@" + s.checksumInstance();
                rows.add(new String[] {String.valueOf(m.id()), m.role(), m.address(), s.diverged().isEmpty() ? "yes" : "DIVERGED",
                        s.phase().toLowerCase(Locale.ROOT), s.ballot(), String.valueOf(s.chosen()), String.valueOf(s.applied()),
                        String.valueOf(Math.max(0, max - s.applied())), s.operationalQuorum(), String.valueOf(s.snapshot()), sum});
            }
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                b.append(r[c]).append(" ".repeat(width[c] - r[c].length()));
                if (c < r.length - 1) b.append("  ");
            }
            b.append('\n');
        }
        Integer leader = leader();
        b.append(leader == null ? "no leader" : "leader: node " + leader);
        for (Member m : members) {
            if (m.status() != null && !m.status().diverged().isEmpty()) b.append("\nDIVERGED: ").append(m.status().diverged());
        }
        return b.append('\n').toString();
    }

    private static String str(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
