package paxosql.replica.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One line of progress on standard error — a bar, the percentage and the bytes — redrawn
 * in place with a carriage return, at most ten times a second. Drawn only when asked for
 * ({@code --progress}) or when standard error is a terminal, so logs and scripts never
 * see it.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean enabled;
    private final String label;
    private final long total;
    private long lastDrawNanos;
    private int lastLength;
    private boolean drawn;

    ProgressBar(PrintWriter out, boolean enabled, String label, long total) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    /** A bar on {@code err} (the command's standard error), shown if {@code requested} or if standard error is a terminal. */
    static ProgressBar on(PrintWriter err, boolean requested, String label, long total) {
        return new ProgressBar(err, requested || stderrIsTerminal(), label, total);
    }

    void update(long done) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (drawn && done < total && now - lastDrawNanos < REDRAW_NANOS) return;
        lastDrawNanos = now;
        draw(done);
    }

    /** Ends the line (if anything was drawn), so what follows starts on a fresh one. */
    @Override
    public void close() {
        if (drawn) {
            out.print('\n');
            out.flush();
            drawn = false;
        }
    }

    private void draw(long done) {
        String line = render(label, done, total);
        int pad = Math.max(0, lastLength - line.length());
        out.print('\r' + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
        drawn = true;
    }

    /** {@code label [#########...............]  37%  12.0 MiB of 32.5 MiB}. */
    static String render(String label, long done, long total) {
        long clamped = Math.max(0, Math.min(done, total));
        int percent = total <= 0 ? 100 : (int) (clamped * 100 / total);
        int filled = total <= 0 ? WIDTH : (int) (clamped * WIDTH / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format(Locale.ROOT, "%3d%%", percent)
                + "  " + bytes(clamped) + " of " + bytes(total);
    }

    /** Bytes for people: {@code 812 B}, {@code 4.0 KiB}, {@code 12.3 MiB}, {@code 1.20 GiB}. */
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    /**
     * Whether standard error is a terminal. Java has no isatty for it; on Linux the file
     * descriptor's link names the device, elsewhere an interactive console is the hint.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through
        }
        return System.console() != null;
    }
}
