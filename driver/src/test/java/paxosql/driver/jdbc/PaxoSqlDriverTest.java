package paxosql.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class PaxoSqlDriverTest {

    @Test
    void propertyTableHasEveryOptionWithItsDefault() {
        assertThat(Arrays.stream(PaxoSqlProperty.values()).map(PaxoSqlProperty::getName))
                .containsExactly("user", "password", "readConsistency", "connectTimeout", "requestTimeout", "loginTimeout", "ssl");
        assertThat(PaxoSqlProperty.USER.getDefaultValue()).isEqualTo("sa");
        assertThat(PaxoSqlProperty.PASSWORD.getDefaultValue()).isEmpty();
        assertThat(PaxoSqlProperty.READ_CONSISTENCY.getDefaultValue()).isEqualTo("linearizable");
        for (PaxoSqlProperty p : PaxoSqlProperty.values()) assertThat(p.getDescription()).isNotBlank();
    }

    @Test
    void unknownUrlOptionIsAnErrorNamingIt() {
        assertThatThrownBy(() -> new PaxoSqlDriver().connect("jdbc:paxosql://127.0.0.1:1/db?readConsistncy=session", new Properties()))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains("readConsistncy");
                });
    }

    @Test
    void unknownPropertiesAreIgnoredAndUrlOptionsWin() throws SQLException {
        Properties info = new Properties();
        info.setProperty("someone.elses", "x");
        info.setProperty("user", "alice");
        info.setProperty("readConsistency", "stale");
        Properties merged = PaxoSqlProperty.merge(Map.of("readConsistency", "session"), info);
        assertThat(merged.stringPropertyNames()).containsExactlyInAnyOrder("user", "readConsistency");
        assertThat(PaxoSqlProperty.USER.get(merged)).isEqualTo("alice");
        assertThat(PaxoSqlProperty.READ_CONSISTENCY.get(merged)).isEqualTo("session");
        assertThat(PaxoSqlProperty.PASSWORD.get(merged)).isEmpty();
    }

    @Test
    void badOptionValuesAreRefused() {
        Properties p = new Properties();
        p.setProperty("readConsistency", "eventual");
        assertThatThrownBy(() -> PaxoSqlProperty.READ_CONSISTENCY.checkedChoice(p)).hasMessageContaining("eventual");
        p.setProperty("connectTimeout", "-3");
        assertThatThrownBy(() -> PaxoSqlProperty.CONNECT_TIMEOUT.getInt(p)).isInstanceOf(SQLException.class)
                .hasMessageContaining("connectTimeout");
    }

    @Test
    void propertyInfoComesFromTheTable() throws SQLException {
        DriverPropertyInfo[] info = new PaxoSqlDriver().getPropertyInfo("jdbc:paxosql://h:1/db?readConsistency=stale", null);
        assertThat(info).hasSize(PaxoSqlProperty.values().length);
        assertThat(Arrays.stream(info).filter(i -> i.name.equals("readConsistency")).findFirst().orElseThrow().value)
                .isEqualTo("stale");
        assertThat(Arrays.stream(info).filter(i -> i.name.equals("readConsistency")).findFirst().orElseThrow().choices)
                .containsExactly("linearizable", "session", "stale");
    }

    @Test
    void acceptsOnlyItsOwnUrlsAndIsRegistered() throws SQLException {
        PaxoSqlDriver d = new PaxoSqlDriver();
        assertThat(d.acceptsURL("jdbc:paxosql://h:1/db")).isTrue();
        assertThat(d.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(d.connect("jdbc:h2:mem:x", new Properties())).isNull();
        assertThat(d.jdbcCompliant()).isFalse();
        Driver found = DriverManager.getDriver("jdbc:paxosql://h:1/db");
        assertThat(found).isInstanceOf(PaxoSqlDriver.class);
    }

    @Test
    void productVersionIsThePinnedH2Version() {
        assertThat(BuildInfo.H2_VERSION).isEqualTo(org.h2.engine.Constants.VERSION);
        assertThat(PaxoSqlDatabaseMetaData.versionPart(BuildInfo.H2_VERSION, 0)).isEqualTo(org.h2.engine.Constants.VERSION_MAJOR);
        assertThat(PaxoSqlDatabaseMetaData.versionPart(BuildInfo.H2_VERSION, 1)).isEqualTo(org.h2.engine.Constants.VERSION_MINOR);
        assertThat(BuildInfo.DRIVER_VERSION).doesNotContain("${");
    }

    @Test
    void queriesAreClassifiedConservatively() {
        assertThat(SqlClassifier.isQuery("SELECT * FROM t")).isTrue();
        assertThat(SqlClassifier.isQuery("  /* c */ -- x\n (select 1)")).isTrue();
        assertThat(SqlClassifier.isQuery("WITH a AS (SELECT 1) SELECT * FROM a")).isTrue();
        assertThat(SqlClassifier.isQuery("VALUES 1")).isTrue();
        assertThat(SqlClassifier.isQuery("SELECT NEXT VALUE FOR s")).isFalse();
        assertThat(SqlClassifier.isQuery("SELECT * FROM t FOR UPDATE")).isFalse();
        assertThat(SqlClassifier.isQuery("EXPLAIN ANALYZE DELETE FROM t")).isFalse();
        assertThat(SqlClassifier.isQuery("INSERT INTO t VALUES 1")).isFalse();
        assertThat(SqlClassifier.isQuery("SELECTX 1")).isFalse();
        assertThat(SqlClassifier.isQuery("")).isFalse();
    }
}
