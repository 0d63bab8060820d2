package paxosql.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.CommitMode;
import paxosql.replica.local.LocalCluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every test with a real group of {@code serve} processes shares: a temporary
 * directory for the group, and stopping every process it started (by PID) afterwards,
 * whatever the test did.
 */
abstract class GroupTest {
    @TempDir
    Path dir;

    /** The group under test; set by the test. */
    LocalCluster cluster;

    /** Starts a group of 3 voters (Simplified commit path) in {@link #dir}, waits for its leader and returns its JDBC URL. */
    String startGroup() throws Exception {
        cluster = startThreeVoters(dir.resolve("group"));
        return cluster.jdbcUrl();
    }

    /** Starts a group of 3 voters (Simplified commit path) in {@code groupDir} and waits for its leader. */
    static LocalCluster startThreeVoters(Path groupDir) throws Exception {
        LocalCluster group = new LocalCluster(groupDir);
        try {
            group.start(3, false, 0, CommitMode.SIMPLIFIED);
            group.awaitLeader(Duration.ofSeconds(60));
            return group;
        } catch (Exception | AssertionError e) {
            group.stopAll();
            throw e;
        }
    }

    @AfterEach
    void stopGroup() throws Exception {
        if (cluster != null) cluster.stopAll();
    }
}
