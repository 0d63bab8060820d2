package paxosql.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TypeInfoTest {

    private static List<String> dump(ResultSet rs) throws Exception {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) header.append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i)).append(' ');
        out.add(header.toString());
        while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) sb.append(rs.getString(i)).append('|');
            out.add(sb.toString().replace("true", "TRUE").replace("false", "FALSE"));
        }
        return out;
    }

    @Test
    void typeInfoIsH2sOwn() throws Exception {
        List<String> h2;
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:typeinfo"); ResultSet rs = c.getMetaData().getTypeInfo()) {
            h2 = dump(rs);
        }
        List<String> ours = dump(new PaxoSqlResultSet(null, TypeInfo.rows()));
        assertThat(ours).hasSizeGreaterThan(30).isEqualTo(h2);
    }
}
