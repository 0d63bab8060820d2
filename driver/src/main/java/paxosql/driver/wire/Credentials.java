package paxosql.driver.wire;

import java.util.Objects;

/** How a {@link ReplicaConnection} authenticates: as a database user, or as a member of the cluster. */
public sealed interface Credentials {

    /** A database user: the session runs commands as {@code user}. */
    record Password(String user, String password) implements Credentials {
        public Password {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() { return "Password[user " + user + "]"; }
    }

    /**
     * The cluster secret, for node-to-node administration (status, snapshot fetch). The
     * secret never travels: the client proves it knows it ({@link WireProtocol#secretProof}).
     */
    record ClusterSecret(byte[] secret) implements Credentials {
        public ClusterSecret {
            if (secret == null || secret.length < WireProtocol.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the cluster secret must be at least " + WireProtocol.MIN_SECRET_BYTES + " bytes");
            }
            secret = secret.clone();
        }

        @Override
        public byte[] secret() { return secret.clone(); }

        @Override
        public String toString() { return "ClusterSecret[…]"; }
    }
}
