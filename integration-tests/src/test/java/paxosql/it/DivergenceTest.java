package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.state.H2StateMachine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The divergence check catches a broken replica: one replica's database is changed behind
 * its back while it is stopped; after the next shared snapshot instance its checksum
 * differs from both peers', it reports itself diverged and stops serving reads, while the
 * two healthy replicas do not count themselves diverged.
 */
class DivergenceTest extends GroupTest {

    @Test
    void aReplicaChangedBehindItsBackIsDetectedAndStopsServingReads() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", "40"));
        int leader = cluster.awaitLeader(Duration.ofSeconds(60));
        int victim = leader == 3 ? 2 : 3;
        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", GroupClient.Options.defaults())) {
            c.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR)");
            for (int i = 1; i <= 10; i++) c.execute("INSERT INTO t VALUES (?, ?)", SqlValue.of(i), SqlValue.of("v" + i));

            assertThat(cluster.stop(victim)).isTrue();
            try (Connection db = H2StateMachine.connectAdmin(cluster.dir().resolve(String.valueOf(victim)).resolve("state"));
                 Statement s = db.createStatement()) {
                assertThat(s.executeUpdate("UPDATE PUBLIC.T SET V = 'tampered' WHERE ID = 1")).isEqualTo(1);
                db.commit();
            }
            long relaunched = System.currentTimeMillis();
            cluster.launch(victim);
            // Let it catch up through the log before more writes (peers snapshot every 40 and would
            // otherwise truncate past it, and checksum catch-up would repair the damage).
            long caughtUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < caughtUp && cluster.status(victim).map(s -> s.updatedAtMillis() <= relaunched
                    || s.applied() < cluster.status(leader).orElseThrow().applied() || s.leaderId() == null).orElse(true)) {
                Thread.sleep(50);
            }
            for (int i = 11; i <= 60; i++) c.execute("INSERT INTO t VALUES (?, ?)", SqlValue.of(i), SqlValue.of("v" + i));

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String diverged = "";
            while (System.nanoTime() < deadline && diverged.isEmpty()) {
                diverged = cluster.status(victim).map(s -> s.diverged()).orElse("");
                Thread.sleep(200);
            }
            assertThat(diverged).as("node " + victim + " finds itself diverged").contains("on node " + victim);
            assertThat(cluster.status(victim).orElseThrow().lastCatchUp()).as("not repaired by a catch-up meanwhile").isEmpty();
            for (int id = 1; id <= 3; id++) {
                if (id != victim) assertThat(cluster.status(id).orElseThrow().diverged()).as("healthy node " + id).isEmpty();
            }
            assertThatThrownBy(() -> c.readFrom(victim, "SELECT v FROM t WHERE id = 1"))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
            GroupClient.ReadResult healthy = c.readFrom(leader, "SELECT v FROM t WHERE id = 1");
            assertThat(healthy.result()).isInstanceOfSatisfying(ExecResult.Rows.class,
                    r -> assertThat(r.rows().get(0).get(0)).isEqualTo(SqlValue.of("v1")));
        }
    }
}
