package paxosql.replica.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a snapshot file durably and atomically: part bodies go to a spool file as they
 * are produced (their sizes are known only then), then the final file is written to a
 * temporary name as header, part list, bodies and trailer, forced to disk, renamed into
 * place, and the directory forced too.
 */
final class SnapshotFileWriter implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFileWriter.class);

    private final Path target;
    private final Path spool;
    private final Path temp;
    private final FileChannel spoolChannel;
    private final List<Manifest.Draft> drafts = new ArrayList<>();
    private boolean finished;

    SnapshotFileWriter(Path target) throws IOException {
        this.target = target;
        this.spool = target.resolveSibling(target.getFileName() + ".spool");
        this.temp = target.resolveSibling(target.getFileName() + ".tmp");
        this.spoolChannel = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    void add(String name, String checksum, byte[] body, int indexLength) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body);
        while (b.hasRemaining()) spoolChannel.write(b);
        drafts.add(new Manifest.Draft(name, checksum, body.length, indexLength, Bytes.sha256(body)));
    }

    /** Writes the file and returns it, opened (and so verified). */
    SnapshotFile finish(long instance, String stateDigest, long createdMillis) throws IOException {
        Manifest manifest = Manifest.layout(instance, createdMillis, stateDigest, drafts);
        MessageDigest whole = Bytes.sha256();
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            byte[] head = manifest.encode();
            writeAll(out, ByteBuffer.wrap(head));
            whole.update(head);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long pos = 0;
            long size = spoolChannel.size();
            while (pos < size) {
                buf.clear();
                int n = spoolChannel.read(buf, pos);
                if (n < 0) throw new IOException("spool file " + spool + " ended early");
                buf.flip();
                whole.update(buf.array(), 0, n);
                writeAll(out, buf);
                pos += n;
            }
            writeAll(out, ByteBuffer.wrap(whole.digest()));
            writeAll(out, ByteBuffer.wrap(Manifest.TRAILER_MAGIC));
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.toAbsolutePath().getParent());
        finished = true;
        close();
        return SnapshotFile.open(target);
    }

    private static void writeAll(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }

    /** Makes a rename or a new file in {@code dir} durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; Linux, where the nodes run, can.
            LOG.debug("cannot force directory {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        spoolChannel.close();
        Files.deleteIfExists(spool);
        if (!finished) Files.deleteIfExists(temp);
    }
}
