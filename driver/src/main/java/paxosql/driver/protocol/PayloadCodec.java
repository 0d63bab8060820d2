package paxosql.driver.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of {@link ClientRequest}s and {@link ExecResult}s: what travels inside
 * a consensus {@code Command} and back to the client, and what a replica keeps as a
 * session's last result.
 *
 * <p><b>Format version 1</b> (all integers big-endian, as {@link DataOutputStream} writes them):
 * <pre>
 * payload     := version:u8 (= 1)  kind:u8  body            -- nothing may follow the body
 * requests    := 0x01 OpenSession  user:str
 *              | 0x02 Execute      sql:str  n:i32 value{n}  maxRows:i32
 *              | 0x03 CloseSession
 *              | 0x04 ExpireIdleSessions  leaderMillis:i64  idleMillis:i64
 *              | 0x05 StampedExecute  millis:i64  seed:i64  sql:str  n:i32 value{n}  maxRows:i32
 *              | 0x06 Sync
 *              | 0x07 Barrier
 * results     := 0x11 Rows         c:i32 column{c}  r:i32 (flags:u8 (= 0, reserved) value{c}){r}
 *              | 0x12 UpdateCount  count:i64  r:i32 (n:i32 value{n}){r}
 *              | 0x15 UpdateCount  count:i64  k:i32 name:str{k}  r:i32 (n:i32 value{n}){r}   (key column names known)
 *              | 0x13 Failure      sqlState:str  vendorCode:i32  message:str
 *              | 0x14 Ok
 * column      := label:str name:str jdbcType:i32 typeName:str precision:i32 scale:i32 nullable:bool
 * str         := length:i32 utf8-bytes{length}
 * bool        := u8 (0 or 1)
 * value       := 0x00 jdbcType:i32              NULL
 *              | 0x01 bool                      BOOLEAN
 *              | 0x02 i32                       INTEGER
 *              | 0x03 i64                       BIGINT
 *              | 0x04 scale:i32 n:i32 u8{n}     DECIMAL (two's-complement unscaled value)
 *              | 0x05 i64                       DOUBLE (raw IEEE 754 bits)
 *              | 0x06 str                       TEXT
 *              | 0x07 n:i32 u8{n}               BINARY
 *              | 0x08 epochDay:i64              DATE
 *              | 0x09 nanoOfDay:i64             TIME
 *              | 0x0A epochDay:i64 nanoOfDay:i64                      TIMESTAMP
 *              | 0x0B epochDay:i64 nanoOfDay:i64 offsetSeconds:i32    TIMESTAMP WITH TIME ZONE
 *              | 0x0C msb:i64 lsb:i64           UUID
 * </pre>
 *
 * <p>Encoding is deterministic: equal objects give equal bytes, on every JVM. Strings are
 * written as UTF-8 the way {@link String#getBytes} does it (an unpaired surrogate becomes
 * {@code '?'}); decoding accepts only well-formed UTF-8.
 *
 * <p>Decoding treats its input as hostile: every length and count is checked against the
 * bytes that remain before anything is allocated, the whole payload is limited to
 * {@link #MAX_PAYLOAD_BYTES}, and any inconsistency raises
 * {@link MalformedPayloadException} naming what was wrong and where; no other exception
 * escapes. A later format gets a new version byte; readers refuse versions they do not
 * know rather than guess.
 */
public final class PayloadCodec {
    /** The format this class writes, and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Largest payload encoded or decoded, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 64 << 20;
    /** Most rows in one result. */
    public static final int MAX_ROWS = 10_000_000;
    /** Most columns in one result. */
    public static final int MAX_COLUMNS = 65_536;

    private static final int K_OPEN = 0x01, K_EXECUTE = 0x02, K_CLOSE = 0x03, K_EXPIRE = 0x04, K_STAMPED = 0x05, K_SYNC = 0x06,
            K_BARRIER = 0x07;
    private static final int K_ROWS = 0x11, K_UPDATE = 0x12, K_FAILURE = 0x13, K_OK = 0x14, K_UPDATE_NAMED = 0x15;
    private static final int V_NULL = 0x00, V_BOOL = 0x01, V_INT = 0x02, V_BIGINT = 0x03, V_DECIMAL = 0x04,
            V_DOUBLE = 0x05, V_TEXT = 0x06, V_BINARY = 0x07, V_DATE = 0x08, V_TIME = 0x09, V_TIMESTAMP = 0x0A,
            V_TIMESTAMP_TZ = 0x0B, V_UUID = 0x0C;

    private PayloadCodec() {}

    /** Thrown by an encoder when the payload would exceed the size it was allowed. */
    public static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int limit;

        TooLargeException(int limit) {
            super("payload exceeds " + limit + " bytes");
            this.limit = limit;
        }

        public int limit() { return limit; }
    }

    // ---------------------------------------------------------------- encoding

    public static byte[] encode(ClientRequest request) {
        Out out = new Out(MAX_PAYLOAD_BYTES);
        try {
            DataOutputStream d = out.data;
            d.writeByte(FORMAT_VERSION);
            if (request instanceof ClientRequest.OpenSession o) {
                d.writeByte(K_OPEN);
                writeString(d, o.user());
            } else if (request instanceof ClientRequest.Execute e) {
                d.writeByte(K_EXECUTE);
                writeExecute(d, e);
            } else if (request instanceof ClientRequest.StampedExecute x) {
                d.writeByte(K_STAMPED);
                d.writeLong(x.millis());
                d.writeLong(x.seed());
                writeExecute(d, x.execute());
            } else if (request instanceof ClientRequest.CloseSession) {
                d.writeByte(K_CLOSE);
            } else if (request instanceof ClientRequest.ExpireIdleSessions x) {
                d.writeByte(K_EXPIRE);
                d.writeLong(x.leaderMillis());
                d.writeLong(x.idleMillis());
            } else if (request instanceof ClientRequest.Sync) {
                d.writeByte(K_SYNC);
            } else if (request instanceof ClientRequest.Barrier) {
                d.writeByte(K_BARRIER);
            } else {
                throw new IllegalArgumentException("unknown request " + request);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeExecute(DataOutputStream d, ClientRequest.Execute e) throws IOException {
        writeString(d, e.sql());
        d.writeInt(e.params().size());
        for (SqlValue v : e.params()) writeValue(d, v);
        d.writeInt(e.maxRows());
    }

    /**
     * The encoded {@link ClientRequest.StampedExecute} of an encoded {@link ClientRequest.Execute}:
     * the same body behind a stamp, without decoding it (the replica that takes a client's
     * command stamps it on its I/O thread; the state machine checks the body).
     *
     * @throws MalformedPayloadException if {@code execute} is not an encoded Execute
     */
    public static byte[] stamp(byte[] execute, long millis, long seed) {
        if (requestKind(execute) != ClientRequest.Execute.class) throw new MalformedPayloadException("not an Execute request");
        if (execute.length + 16 > MAX_PAYLOAD_BYTES) throw new TooLargeException(MAX_PAYLOAD_BYTES);
        ByteBuffer out = ByteBuffer.allocate(execute.length + 16);
        out.put((byte) FORMAT_VERSION).put((byte) K_STAMPED).putLong(millis).putLong(seed);
        out.put(execute, 2, execute.length - 2);
        return out.array();
    }

    public static byte[] encode(ExecResult result) {
        return encode(result, MAX_PAYLOAD_BYTES);
    }

    /**
     * Encodes {@code result}, giving up as soon as it passes {@code maxBytes}.
     *
     * @throws TooLargeException if the encoding is longer than {@code maxBytes}
     */
    public static byte[] encode(ExecResult result, int maxBytes) {
        if (maxBytes < 2 || maxBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxBytes must be 2.." + MAX_PAYLOAD_BYTES + ", got " + maxBytes);
        }
        Out out = new Out(maxBytes);
        try {
            DataOutputStream d = out.data;
            d.writeByte(FORMAT_VERSION);
            if (result instanceof ExecResult.Rows r) {
                d.writeByte(K_ROWS);
                d.writeInt(r.columns().size());
                for (ExecResult.Column c : r.columns()) writeColumn(d, c);
                d.writeInt(r.rows().size());
                for (List<SqlValue> row : r.rows()) {
                    d.writeByte(0);
                    for (SqlValue v : row) writeValue(d, v);
                }
            } else if (result instanceof ExecResult.UpdateCount u) {
                d.writeByte(u.keyNames().isEmpty() ? K_UPDATE : K_UPDATE_NAMED);
                d.writeLong(u.count());
                if (!u.keyNames().isEmpty()) {
                    d.writeInt(u.keyNames().size());
                    for (String name : u.keyNames()) writeString(d, name);
                }
                d.writeInt(u.generatedKeys().size());
                for (List<SqlValue> row : u.generatedKeys()) {
                    d.writeInt(row.size());
                    for (SqlValue v : row) writeValue(d, v);
                }
            } else if (result instanceof ExecResult.Failure f) {
                d.writeByte(K_FAILURE);
                writeString(d, f.sqlState());
                d.writeInt(f.vendorCode());
                writeString(d, f.message());
            } else if (result instanceof ExecResult.Ok) {
                d.writeByte(K_OK);
            } else {
                throw new IllegalArgumentException("unknown result " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeColumn(DataOutputStream d, ExecResult.Column c) throws IOException {
        writeString(d, c.label());
        writeString(d, c.name());
        d.writeInt(c.jdbcType());
        writeString(d, c.typeName());
        d.writeInt(c.precision());
        d.writeInt(c.scale());
        d.writeBoolean(c.nullable());
    }

    private static void writeString(DataOutputStream d, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    private static void writeValue(DataOutputStream d, SqlValue value) throws IOException {
        if (value instanceof SqlValue.Null n) {
            d.writeByte(V_NULL);
            d.writeInt(n.jdbcType());
        } else if (value instanceof SqlValue.Bool b) {
            d.writeByte(V_BOOL);
            d.writeBoolean(b.value());
        } else if (value instanceof SqlValue.Int i) {
            d.writeByte(V_INT);
            d.writeInt(i.value());
        } else if (value instanceof SqlValue.BigInt l) {
            d.writeByte(V_BIGINT);
            d.writeLong(l.value());
        } else if (value instanceof SqlValue.Decimal dec) {
            d.writeByte(V_DECIMAL);
            d.writeInt(dec.value().scale());
            byte[] unscaled = dec.value().unscaledValue().toByteArray();
            d.writeInt(unscaled.length);
            d.write(unscaled);
        } else if (value instanceof SqlValue.Double x) {
            d.writeByte(V_DOUBLE);
            d.writeLong(Double.doubleToRawLongBits(x.value()));
        } else if (value instanceof SqlValue.Text t) {
            d.writeByte(V_TEXT);
            writeString(d, t.value());
        } else if (value instanceof SqlValue.Binary b) {
            d.writeByte(V_BINARY);
            d.writeInt(b.length());
            d.write(b.unsafeBytes());
        } else if (value instanceof SqlValue.Date dt) {
            d.writeByte(V_DATE);
            d.writeLong(dt.value().toEpochDay());
        } else if (value instanceof SqlValue.Time t) {
            d.writeByte(V_TIME);
            d.writeLong(t.value().toNanoOfDay());
        } else if (value instanceof SqlValue.Timestamp t) {
            d.writeByte(V_TIMESTAMP);
            d.writeLong(t.value().toLocalDate().toEpochDay());
            d.writeLong(t.value().toLocalTime().toNanoOfDay());
        } else if (value instanceof SqlValue.TimestampTz t) {
            d.writeByte(V_TIMESTAMP_TZ);
            d.writeLong(t.value().toLocalDate().toEpochDay());
            d.writeLong(t.value().toLocalTime().toNanoOfDay());
            d.writeInt(t.value().getOffset().getTotalSeconds());
        } else if (value instanceof SqlValue.Uuid u) {
            d.writeByte(V_UUID);
            d.writeLong(u.value().getMostSignificantBits());
            d.writeLong(u.value().getLeastSignificantBits());
        } else {
            throw new IllegalArgumentException("unknown SqlValue " + value);
        }
    }

    /** A byte buffer that refuses to grow past its limit. */
    private static final class Out extends ByteArrayOutputStream {
        final int limit;
        final DataOutputStream data = new DataOutputStream(this);

        Out(int limit) {
            super(256);
            this.limit = limit;
        }

        @Override public synchronized void write(int b) {
            if (count + 1 > limit) throw new TooLargeException(limit);
            super.write(b);
        }

        @Override public synchronized void write(byte[] b, int off, int len) {
            if ((long) count + len > limit) throw new TooLargeException(limit);
            super.write(b, off, len);
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * The kind of request {@code payload} holds, read from its header alone (the rest is not
     * checked): for a replica that must look at requests it only passes on. Null when the
     * header is not that of a format-1 request.
     */
    public static Class<? extends ClientRequest> requestKind(byte[] payload) {
        if (payload == null || payload.length < 2 || payload[0] != FORMAT_VERSION) return null;
        switch (payload[1]) {
            case K_OPEN: return ClientRequest.OpenSession.class;
            case K_EXECUTE: return ClientRequest.Execute.class;
            case K_CLOSE: return ClientRequest.CloseSession.class;
            case K_EXPIRE: return ClientRequest.ExpireIdleSessions.class;
            case K_STAMPED: return ClientRequest.StampedExecute.class;
            case K_SYNC: return ClientRequest.Sync.class;
            case K_BARRIER: return ClientRequest.Barrier.class;
            default: return null;
        }
    }

    /** @throws MalformedPayloadException if {@code payload} is not a valid format-1 request */
    public static ClientRequest decodeRequest(byte[] payload) {
        In in = open(payload, "request");
        int kind = in.u8("request kind");
        try {
            ClientRequest r;
            if (kind == K_OPEN) {
                r = new ClientRequest.OpenSession(in.string("OpenSession.user"));
            } else if (kind == K_EXECUTE) {
                r = readExecute(in);
            } else if (kind == K_STAMPED) {
                long millis = in.i64("StampedExecute.millis");
                long seed = in.i64("StampedExecute.seed");
                r = new ClientRequest.StampedExecute(millis, seed, readExecute(in));
            } else if (kind == K_CLOSE) {
                r = new ClientRequest.CloseSession();
            } else if (kind == K_EXPIRE) {
                long leaderMillis = in.i64("ExpireIdleSessions.leaderMillis");
                long idle = in.i64("ExpireIdleSessions.idleMillis");
                if (idle <= 0) throw in.malformed("ExpireIdleSessions.idleMillis is not positive (" + idle + ")");
                r = new ClientRequest.ExpireIdleSessions(leaderMillis, idle);
            } else if (kind == K_SYNC) {
                r = new ClientRequest.Sync();
            } else if (kind == K_BARRIER) {
                r = new ClientRequest.Barrier();
            } else {
                throw in.malformed("unknown request kind 0x" + Integer.toHexString(kind), 1);
            }
            in.end();
            return r;
        } catch (MalformedPayloadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedPayloadException("malformed request: " + e.getMessage(), e);
        }
    }

    private static ClientRequest.Execute readExecute(In in) {
        String sql = in.string("Execute.sql");
        int n = in.count("Execute parameter count", 1);
        List<SqlValue> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) params.add(in.value("parameter", i + 1, 0));
        int maxRows = in.i32("Execute.maxRows");
        if (maxRows < 0) throw in.malformed("Execute.maxRows is negative (" + maxRows + ")");
        return new ClientRequest.Execute(sql, params, maxRows);
    }

    /** @throws MalformedPayloadException if {@code payload} is not a valid format-1 result */
    public static ExecResult decodeResult(byte[] payload) {
        In in = open(payload, "result");
        int kind = in.u8("result kind");
        try {
            ExecResult r;
            if (kind == K_ROWS) {
                int c = in.i32("column count");
                if (c < 0 || c > MAX_COLUMNS) throw in.malformed("column count " + c + " is outside 0.." + MAX_COLUMNS);
                in.need((long) c * 25, "columns"); // the smallest column: 3 empty strings, 3 ints, a bool
                List<ExecResult.Column> columns = new ArrayList<>(c);
                for (int i = 0; i < c; i++) columns.add(in.column(i + 1));
                int rowCount = in.i32("row count");
                if (rowCount < 0 || rowCount > MAX_ROWS) throw in.malformed("row count " + rowCount + " is outside 0.." + MAX_ROWS);
                in.need((long) rowCount * (1 + c), "rows");
                List<List<SqlValue>> rows = new ArrayList<>(rowCount);
                for (int i = 0; i < rowCount; i++) {
                    int flags = in.u8("row flags");
                    if (flags != 0) throw in.malformed("row " + (i + 1) + " has flags 0x" + Integer.toHexString(flags) + " (reserved, must be 0)", 1);
                    List<SqlValue> row = new ArrayList<>(c);
                    for (int j = 0; j < c; j++) row.add(in.value("row", i + 1, j + 1));
                    rows.add(row);
                }
                r = new ExecResult.Rows(columns, rows);
            } else if (kind == K_UPDATE || kind == K_UPDATE_NAMED) {
                long count = in.i64("update count");
                List<String> names = List.of();
                if (kind == K_UPDATE_NAMED) {
                    int k = in.count("generated key name count", 4);
                    if (k == 0 || k > MAX_COLUMNS) throw in.malformed("generated key name count " + k + " is outside 1.." + MAX_COLUMNS);
                    names = new ArrayList<>(k);
                    for (int i = 0; i < k; i++) names.add(in.string("generated key name"));
                }
                int rowCount = in.i32("generated key row count");
                if (rowCount < 0 || rowCount > MAX_ROWS) {
                    throw in.malformed("generated key row count " + rowCount + " is outside 0.." + MAX_ROWS);
                }
                in.need(4L * rowCount, "generated key rows");
                List<List<SqlValue>> keys = new ArrayList<>(rowCount);
                for (int i = 0; i < rowCount; i++) {
                    int n = in.count("generated key row size", 1);
                    if (n > MAX_COLUMNS) throw in.malformed("generated key row " + (i + 1) + " has " + n + " values");
                    List<SqlValue> row = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) row.add(in.value("generated key row", i + 1, j + 1));
                    if (!names.isEmpty() && n != names.size()) {
                        throw in.malformed("generated key row " + (i + 1) + " has " + n + " values for " + names.size() + " names");
                    }
                    keys.add(row);
                }
                r = new ExecResult.UpdateCount(count, keys, names);
            } else if (kind == K_FAILURE) {
                String state = in.string("Failure.sqlState");
                int code = in.i32("Failure.vendorCode");
                String message = in.string("Failure.message");
                r = new ExecResult.Failure(state, code, message);
            } else if (kind == K_OK) {
                r = ExecResult.Ok.INSTANCE;
            } else {
                throw in.malformed("unknown result kind 0x" + Integer.toHexString(kind), 1);
            }
            in.end();
            return r;
        } catch (MalformedPayloadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedPayloadException("malformed result: " + e.getMessage(), e);
        }
    }

    private static In open(byte[] payload, String what) {
        if (payload == null) throw new MalformedPayloadException(what + " payload is null");
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new MalformedPayloadException(what + " payload of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        if (payload.length == 0) throw new MalformedPayloadException(what + " payload is empty");
        In in = new In(payload, what);
        int version = in.u8("format version");
        if (version != FORMAT_VERSION) {
            throw new MalformedPayloadException(what + " payload has format version " + version + "; this build reads version "
                    + FORMAT_VERSION + " only");
        }
        return in;
    }

    /** A cursor over untrusted bytes; every read checks that the bytes are there. */
    private static final class In {
        final ByteBuffer buf;
        final String what;

        In(byte[] b, String what) {
            this.buf = ByteBuffer.wrap(b);
            this.what = what;
        }

        MalformedPayloadException malformed(String message) {
            return new MalformedPayloadException(what + " payload, offset " + buf.position() + ": " + message);
        }

        MalformedPayloadException malformed(String message, int back) {
            return new MalformedPayloadException(what + " payload, offset " + (buf.position() - back) + ": " + message);
        }

        void need(long n, String field) {
            if (n > buf.remaining()) {
                throw malformed("truncated: " + field + " need" + (n == 1 ? "s " : " ") + n + " byte" + (n == 1 ? "" : "s")
                        + ", " + buf.remaining() + " left");
            }
        }

        int u8(String field) {
            need(1, field);
            return buf.get() & 0xFF;
        }

        int i32(String field) {
            need(4, field);
            return buf.getInt();
        }

        long i64(String field) {
            need(8, field);
            return buf.getLong();
        }

        boolean bool(String field) {
            int b = u8(field);
            if (b > 1) throw malformed(field + ": boolean byte " + b + " is neither 0 nor 1", 1);
            return b == 1;
        }

        /** A count of items each at least {@code minItemBytes} long, checked against what remains. */
        int count(String field, int minItemBytes) {
            int n = i32(field);
            if (n < 0) throw malformed(field + " is negative (" + n + ")", 4);
            need((long) n * minItemBytes, field + " " + n);
            return n;
        }

        byte[] bytes(String field) {
            if (buf.remaining() < 4) need(4, field + " length");
            int n = buf.getInt();
            if (n < 0) throw malformed(field + " length is negative (" + n + ")", 4);
            need(n, field);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        String string(String field) {
            int start = buf.position();
            byte[] b = bytes(field);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedPayloadException(what + " payload, offset " + start + ": " + field + " is not valid UTF-8", e);
            }
        }

        ExecResult.Column column(int index) {
            String p = "column " + index + " ";
            return new ExecResult.Column(string(p + "label"), string(p + "name"), i32(p + "jdbcType"), string(p + "typeName"),
                    i32(p + "precision"), i32(p + "scale"), bool(p + "nullable"));
        }

        /** A value; {@code what}, {@code i} and {@code j} name it in error messages only (no string work on the hot path). */
        SqlValue value(String what, int i, int j) {
            try {
                return value(u8("type tag"));
            } catch (MalformedPayloadException e) {
                String name = j == 0 ? what + " " + i : what + " " + i + " column " + j;
                throw new MalformedPayloadException(name + ": " + e.getMessage(), e);
            }
        }

        private SqlValue value(int tag) {
            try {
                switch (tag) {
                    case V_NULL: return new SqlValue.Null(i32("value"));
                    case V_BOOL: return new SqlValue.Bool(bool("value"));
                    case V_INT: return new SqlValue.Int(i32("value"));
                    case V_BIGINT: return new SqlValue.BigInt(i64("value"));
                    case V_DECIMAL: {
                        int scale = i32("DECIMAL scale");
                        byte[] unscaled = bytes("DECIMAL unscaled value");
                        if (unscaled.length == 0) throw malformed("DECIMAL with an empty unscaled value");
                        return new SqlValue.Decimal(new BigDecimal(new BigInteger(unscaled), scale));
                    }
                    case V_DOUBLE: return new SqlValue.Double(Double.longBitsToDouble(i64("value")));
                    case V_TEXT: return new SqlValue.Text(string("value"));
                    case V_BINARY: return new SqlValue.Binary(bytes("value"));
                    case V_DATE: return new SqlValue.Date(LocalDate.ofEpochDay(i64("value")));
                    case V_TIME: return new SqlValue.Time(LocalTime.ofNanoOfDay(i64("value")));
                    case V_TIMESTAMP: {
                        LocalDate date = LocalDate.ofEpochDay(i64("date"));
                        return new SqlValue.Timestamp(LocalDateTime.of(date, LocalTime.ofNanoOfDay(i64("time"))));
                    }
                    case V_TIMESTAMP_TZ: {
                        LocalDate date = LocalDate.ofEpochDay(i64("date"));
                        LocalTime time = LocalTime.ofNanoOfDay(i64("time"));
                        ZoneOffset offset = ZoneOffset.ofTotalSeconds(i32("offset"));
                        return new SqlValue.TimestampTz(OffsetDateTime.of(date, time, offset));
                    }
                    case V_UUID: return new SqlValue.Uuid(new UUID(i64("UUID high bits"), i64("UUID low bits")));
                    default: throw malformed("unknown value type tag 0x" + Integer.toHexString(tag), 1);
                }
            } catch (DateTimeException e) {
                throw new MalformedPayloadException(what + " payload, offset " + buf.position() + ": value is out of range: " + e.getMessage(), e);
            }
        }

        void end() {
            if (buf.hasRemaining()) throw malformed(buf.remaining() + " unexpected trailing byte" + (buf.remaining() == 1 ? "" : "s"));
        }
    }
}
