package paxosql.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The README's table of URL options is {@link PaxoSqlProperty}'s, row for row. */
class ReadmeOptionsTest {

    @Test
    void readmeTableListsEveryOptionWithItsDefaultAndDescription() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int start = lines.indexOf("| option | default | what |");
        assertThat(start).as("the README's option table").isNotNegative();
        List<String> table = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) table.add(lines.get(i));
        List<String> expected = new ArrayList<>();
        for (PaxoSqlProperty p : PaxoSqlProperty.values()) {
            String def = p.getDefaultValue().isEmpty() ? "(empty)" : "`" + p.getDefaultValue() + "`";
            expected.add("| `" + p.getName() + "` | " + def + " | " + p.getDescription() + " |");
        }
        assertThat(table).isEqualTo(expected);
    }
}
