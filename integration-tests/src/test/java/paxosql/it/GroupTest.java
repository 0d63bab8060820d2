package paxosql.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import paxosql.replica.local.LocalCluster;

import java.nio.file.Path;

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

    @AfterEach
    void stopGroup() throws Exception {
        if (cluster != null) cluster.stopAll();
    }
}
