import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A JDBC application with nothing but the self-contained driver jar (and slf4j-api) on its
 * class path, run by ShadedDriverJarTest as a single source file: {@code java -cp JARS ShadedDriverApp.java URL}.
 * Exit 0 and one "row" line per row on success; exit 3 when a third-party class is visible unrelocated.
 */
public class ShadedDriverApp {
    public static void main(String[] args) throws Exception {
        for (String name : new String[] {"io.netty.channel.Channel", "com.esotericsoftware.kryo.Kryo", "org.objenesis.Objenesis"}) {
            try {
                Class.forName(name);
                System.out.println("visible unrelocated: " + name);
                System.exit(3);
            } catch (ClassNotFoundException expected) {
                // only the relocated copy is there
            }
        }
        String url = args[0];
        // No Class.forName of the driver: DriverManager finds it through META-INF/services/java.sql.Driver.
        System.out.println("driver class " + DriverManager.getDriver(url).getClass().getName());
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            System.out.println("product " + c.getMetaData().getDatabaseProductName());
            s.executeUpdate("CREATE TABLE app(id INT PRIMARY KEY, name VARCHAR(20))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app VALUES (?, ?)")) {
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, "name" + id);
                    ps.executeUpdate();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, name FROM app ORDER BY id")) {
                while (rs.next()) System.out.println("row " + rs.getInt(1) + " " + rs.getString(2));
            }
        }
        System.out.println("netty from " + Class.forName("paxosql.shaded.io.netty.channel.Channel")
                .getProtectionDomain().getCodeSource().getLocation());
    }
}
