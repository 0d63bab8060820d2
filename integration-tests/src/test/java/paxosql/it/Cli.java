package paxosql.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code paxosql} command line as its own process, as an operator or a script would. */
final class Cli {
    private Cli() {}

    record Run(int exit, String out) {}

    static Run run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "paxosql.replica.cli.Paxosql"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("paxosql " + String.join(" ", args) + " did not finish");
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@code paxosql status --url URL --json} and {@code options} (e.g. {@code --tls-truststore FILE}), parsed. */
    static JsonNode statusJson(String url, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("status", "--url", url, "--json"));
        args.addAll(List.of(options));
        Run r = run(args.toArray(String[]::new));
        String json = r.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no JSON in: " + r.out()));
        return new ObjectMapper().readTree(json);
    }
}
