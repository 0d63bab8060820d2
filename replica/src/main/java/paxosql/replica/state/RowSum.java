package paxosql.replica.state;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The order-independent checksum of a set of rows: their count and the exact sum of
 * their 64-bit row hashes. A sum, unlike XOR, does not cancel duplicate rows; kept in
 * 128 bits, so it cannot overflow.
 */
public final class RowSum {
    private long rows;
    private long low;
    private long high;

    public void add(long rowHash) {
        rows++;
        long before = low;
        low += rowHash;
        // carry out of the low word, as unsigned addition; then the sign extension of rowHash
        if (Long.compareUnsigned(low, before) < 0) high++;
        if (rowHash < 0) high--;
    }

    public long rows() {
        return rows;
    }

    /** The part checksum as text: {@code rows=N sum=S}, or {@code javasum} when the rows were hashed in Java. */
    public String digest(boolean hashedInJava) {
        BigInteger sum = BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
        return "rows=" + rows + (hashedInJava ? " javasum=" : " sum=") + sum;
    }

    /** A 64-bit digest of {@link #digest}, for the pages of a part. */
    public long fingerprint(boolean hashedInJava) {
        byte[] h = StateChecksums.sha256().digest(digest(hashedInJava).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(h).getLong();
    }
}
