package paxosql.consensus.core;

/** One member of a group: its id (unique, positive) and role. */
public record Member(int id, Role role) {
    public Member {
        if (id <= 0) throw new IllegalArgumentException("member id must be positive, got " + id);
        if (role == null) throw new IllegalArgumentException("member " + id + " has no role");
    }
}
