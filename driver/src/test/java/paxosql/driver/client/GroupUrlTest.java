package paxosql.driver.client;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupUrlTest {

    @Test
    void parsesHostsDatabaseAndOptions() throws SQLException {
        GroupUrl u = GroupUrl.parse("jdbc:paxosql://a:1,[::1]:2, b:3/db?user=sa&password=x%26y");
        assertThat(u.hosts()).containsExactly(new GroupClient.Address("a", 1), new GroupClient.Address("::1", 2),
                new GroupClient.Address("b", 3));
        assertThat(u.database()).isEqualTo("db");
        assertThat(u.options()).isEqualTo(Map.of("user", "sa", "password", "x&y"));
    }

    @Test
    void refusesBadUrlsNamingTheProblem() {
        for (var bad : List.of(List.of("jdbc:h2:mem:x", "must start"), List.of("jdbc:paxosql:///db", "no host"),
                List.of("jdbc:paxosql://a/db", "not host:port"), List.of("jdbc:paxosql://a:x/db", "not a number"),
                List.of("jdbc:paxosql://a:70000/db", "between"), List.of("jdbc:paxosql://a:1/db?x=1&x=2", "twice"))) {
            assertThatThrownBy(() -> GroupUrl.parse(bad.get(0))).isInstanceOf(SQLException.class)
                    .hasMessageContaining(bad.get(1)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        }
    }
}
