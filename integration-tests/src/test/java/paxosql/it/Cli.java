package paxosql.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the {@code paxosql} command line, or another Java program, as its own process, as an operator or a script would. */
final class Cli {
    private Cli() {}

    record Run(int exit, String out) {}

    static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("paxosql.replica.cli.Paxosql"));
        cmd.addAll(List.of(args));
        return java(System.getProperty("java.class.path"), cmd);
    }

    /**
     * Runs {@code java -cp classPath javaArgs…} (a main class or a source file and its arguments)
     * as its own process, with its standard input at end of file, and waits at most 60 s for it
     * to exit (then kills it and fails).
     */
    static Run java(String classPath, List<String> javaArgs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classPath));
        cmd.addAll(javaArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException(String.join(" ", javaArgs) + " did not finish within 60 s");
            return new Run(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("reading the output of " + String.join(" ", javaArgs), e);
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
