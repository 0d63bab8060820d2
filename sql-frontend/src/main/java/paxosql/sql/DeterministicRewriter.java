package paxosql.sql;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import paxosql.sql.ParsedStatement.Site;

/**
 * Makes a statement deterministic for a {@link Stamp}: each call of a non-deterministic
 * function ({@code CURRENT_TIMESTAMP}, {@code NOW()}, {@code LOCALTIMESTAMP},
 * {@code CURRENT_DATE}, {@code CURRENT_TIME}, {@code LOCALTIME}, {@code RAND()},
 * {@code RANDOM()}, {@code RANDOM_UUID()}, {@code UUID()}) is replaced by a literal derived
 * from the stamp, spliced into the original text where the parser found the call — the rest
 * of the text (identifiers, parameter markers, string literals, comments) is kept as written.
 * RAND gets a pseudo-random number per occurrence, UUID a version-4 (or, for
 * {@code RANDOM_UUID(7)}, version-7) UUID per occurrence, both from the stamp's seed.
 *
 * <p>A statement is refused with SQLState {@code 0A000} naming the construct when it
 * contains a non-deterministic construct that cannot be rewritten: a call the front end does
 * not rewrite ({@code SECURE_RAND}, {@code SESSION_ID()}, …), any non-deterministic name in a
 * statement Calcite cannot parse (including a column {@code DEFAULT CURRENT_TIMESTAMP}), or a
 * LIMIT/FETCH/OFFSET without ORDER BY inside a data change statement.
 *
 * <p>Times are written as the stamp's instant and converted by H2 to the session's time zone
 * ({@code AT LOCAL}, {@code CAST}), so every function means what it means in H2: the
 * session's {@code SET TIME ZONE} replicates, and so does its effect on the values. In a
 * statement Calcite cannot parse the calls become calls of {@link StampFunctions} instead of
 * literals (a column {@code DEFAULT CURRENT_TIMESTAMP} is evaluated by each later command).
 */
public final class DeterministicRewriter {

    private final ParsedStatements parsed;

    public DeterministicRewriter() {
        this(new ParsedStatements(10_000));
    }

    public DeterministicRewriter(ParsedStatements parsed) {
        this.parsed = parsed;
    }

    public Rewritten rewrite(String sql, Stamp stamp) throws SQLException {
        ParsedStatement p = parsed.get(sql);
        if (p.refusalState() != null) {
            throw p.refusalState().equals(StatementAnalyzer.NOT_SUPPORTED)
                    ? new SQLFeatureNotSupportedException(p.refusalMessage(), p.refusalState())
                    : new SQLSyntaxErrorException(p.refusalMessage(), p.refusalState());
        }
        if (p.sites().isEmpty()) return new Rewritten(sql, List.of());
        StringBuilder out = new StringBuilder(sql.length() + 32 * p.sites().size());
        List<String> replaced = new ArrayList<>(p.sites().size());
        int at = 0;
        int occurrence = 0;
        for (Site site : p.sites()) {
            out.append(sql, at, site.start());
            out.append(replacement(site, stamp, occurrence++, !p.parsed()));
            replaced.add(sql.substring(site.start(), site.end()));
            at = site.end();
        }
        out.append(sql, at, sql.length());
        return new Rewritten(out.toString(), replaced);
    }

    /**
     * What replaces the call at {@code site}. Times are written as an instant (a UTC
     * {@code TIMESTAMP WITH TIME ZONE}) and converted by H2 in the session's time zone where
     * the function is local, as H2's own functions are. In a statement Calcite parsed the
     * values are literals; otherwise ({@code deferred}: the call may sit in a column default,
     * evaluated by later commands) they are calls of {@link StampFunctions}.
     */
    private String replacement(Site site, Stamp stamp, int occurrence, boolean deferred) {
        switch (site.function()) {
            case CURRENT_TIMESTAMP:
                return "(" + instant(stamp, precision(site, 6), deferred) + " AT LOCAL)";
            case LOCALTIMESTAMP:
                int p = precision(site, 6);
                return "CAST(" + instant(stamp, p, deferred) + " AS TIMESTAMP(" + p + "))";
            case CURRENT_DATE:
                return "CAST(" + instant(stamp, 0, deferred) + " AS DATE)";
            case CURRENT_TIME:
                int tp = precision(site, 0);
                return "CAST((" + instant(stamp, tp, deferred) + " AT LOCAL) AS TIME(" + tp + ") WITH TIME ZONE)";
            case LOCALTIME:
                int lp = precision(site, 0);
                return "CAST(" + instant(stamp, lp, deferred) + " AS TIME(" + lp + "))";
            case RAND:
                if (deferred) return StampFunctions.RAND + "()";
                double d = (stamp.bits(occurrence, 0) >>> 11) * 0x1.0p-53;
                return "CAST(" + d + " AS DOUBLE PRECISION)";
            case UUID:
                if (deferred) return StampFunctions.UUID_FUNCTION + "(" + site.version() + ")";
                return "CAST('" + uuid(site.version(), stamp, occurrence) + "' AS UUID)";
            default:
                throw new IllegalStateException(site.function().toString());
        }
    }

    /** The stamp's time as a UTC TIMESTAMP WITH TIME ZONE with {@code precision} fractional digits. */
    private String instant(Stamp stamp, int precision, boolean deferred) {
        if (deferred) return StampFunctions.TIMESTAMP + "(" + precision + ")";
        OffsetDateTime t = OffsetDateTime.ofInstant(Instant.ofEpochMilli(stamp.millis()), ZoneOffset.UTC);
        return "TIMESTAMP WITH TIME ZONE '" + date(t) + ' ' + time(t, precision) + "+00:00'";
    }

    /** H2's default fractional seconds precision: 6 for timestamps, 0 for times. */
    private static int precision(Site site, int defaultPrecision) {
        return site.precision() >= 0 ? site.precision() : defaultPrecision;
    }

    private static String date(OffsetDateTime t) {
        return String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    }

    /** The stamp has milliseconds: digits past the third are zero; fewer digits truncate. */
    private static String time(OffsetDateTime t, int precision) {
        String hms = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (precision == 0) return hms;
        String millis = String.format("%03d", t.getNano() / 1_000_000) + "000000";
        return hms + '.' + millis.substring(0, precision);
    }

    static UUID uuid(int version, Stamp stamp, int occurrence) {
        long hi = stamp.bits(occurrence, 0);
        long lo = stamp.bits(occurrence, 1);
        if (version == 7) {
            hi = (stamp.millis() << 16) | 0x7000L | (hi & 0x0FFFL);
        } else {
            hi = (hi & ~0xF000L) | 0x4000L;
        }
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo);
    }
}
