package paxosql.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus of H2 statements in {@code paxosql/sql/corpus.txt}: what the front end must make
 * of each, and what a replica group answers. Read by the front end's test and by the
 * integration test that runs it through a group.
 */
public final class Corpus {

    /**
     * @param kind            the classification the front end must give
     * @param frontendOutcome OK, or the SQLState the front end refuses it with
     * @param groupOutcome    OK, or the SQLState a replica group answers with
     * @param sql             the statement
     */
    public record Entry(StatementKind kind, String frontendOutcome, String groupOutcome, String sql) {}

    private Corpus() {}

    public static List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream("/paxosql/sql/corpus.txt")) {
            if (in == null) throw new IllegalStateException("paxosql/sql/corpus.txt is not on the class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split("\\|", 3);
                String[] outcomes = parts[1].trim().split(">", 2);
                out.add(new Entry(StatementKind.valueOf(parts[0].trim()), outcomes[0],
                        outcomes.length > 1 ? outcomes[1] : outcomes[0], parts[2].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
