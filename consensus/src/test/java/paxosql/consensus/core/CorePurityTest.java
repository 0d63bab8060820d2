package paxosql.consensus.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol core stays pure: no IO adapters, threads, clocks or files (DESIGN.md § A pure core). */
class CorePurityTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "import\\s+(io\\.netty|com\\.esotericsoftware|org\\.slf4j|java\\.nio\\.file|java\\.io\\.File|java\\.net|java\\.time\\.Clock"
                    + "|java\\.util\\.concurrent|paxosql\\.consensus\\.(log|transport|loop))"
                    + "|\\bnew\\s+Thread\\b|System\\.(currentTimeMillis|nanoTime)|Instant\\.now|\\bsynchronized\\b");

    @Test
    void corePackageImportsNoAdapterThreadClockOrFile() throws IOException {
        Path dir = Path.of("src/main/java/paxosql/consensus/core");
        assertThat(dir).isDirectory();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) offences.add(f.getFileName() + ":" + (i + 1) + " " + lines.get(i).trim());
                }
            }
        }
        assertThat(offences).isEmpty();
    }

    @Test
    void theCheckItselfCatchesAnOffence() {
        assertThat(FORBIDDEN.matcher("import io.netty.channel.Channel;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("long t = System.currentTimeMillis();").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import java.util.List;").find()).isFalse();
    }
}
