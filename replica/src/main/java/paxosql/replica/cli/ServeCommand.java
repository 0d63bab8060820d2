package paxosql.replica.cli;

import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Timing;
import paxosql.replica.config.ClusterConfig;
import paxosql.replica.node.NodeTls;
import paxosql.replica.node.ReplicaNode;
import paxosql.replica.node.SnapshotPolicy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code paxosql serve}: runs one node until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one PaxoSQL node in the foreground until it is stopped (SIGTERM stops it cleanly).",
                "Every node of a group must be given the same configuration and secret."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--id", required = true, description = "This node's member id in the configuration.")
    int id;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory: the Paxos log, the database, the status file.")
    Path data;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE",
            description = "File holding the cluster secret (hex, or raw bytes), at least 16 bytes. Peers prove they know it before any protocol message.")
    Path secretFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Layout layout;

    static final class Layout {
        @Option(names = "--config", paramLabel = "FILE", description = "Cluster configuration file (see 'mode =' and 'member N =' lines).")
        Path config;

        @Option(names = "--members", paramLabel = "SPEC",
                description = "The configuration on the command line: ID=ROLE@PEER_HOST:PORT/CLIENT_HOST:PORT,... (ROLE: voter, witness, learner).")
        String members;
    }

    @Option(names = "--mode", defaultValue = "simplified", paramLabel = "MODE",
            description = "Commit mode with --members: simplified, simplified-one or classic (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--snapshot-every", defaultValue = "10000", paramLabel = "N",
            description = "Take a snapshot after every N-th instance (the same instances on every replica, so their checksums are compared; default: ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(names = "--snapshot-seconds", defaultValue = "300", paramLabel = "T",
            description = "Also take a snapshot at most T seconds after the previous one when anything was applied (default: ${DEFAULT-VALUE}).")
    long snapshotSeconds;

    @Option(names = "--snapshots-kept", defaultValue = "2", paramLabel = "K",
            description = "Snapshots kept on disk, newest first (default: ${DEFAULT-VALUE}).")
    int snapshotsKept;

    @Option(names = "--session-idle-seconds", defaultValue = "1800", paramLabel = "S",
            description = "Close client sessions idle for S seconds, by the leader's clock through the log, which ticks every 10 s: at least 15; clients that only read send a no-op every minute (default: ${DEFAULT-VALUE}).")
    long sessionIdleSeconds;

    static final long MIN_SESSION_IDLE_SECONDS = 15;

    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "%nTLS on the client port (every node of a group, or none):%n")
    Tls tls;

    static final class Tls {
        @Option(names = "--tls-keystore", required = true, paramLabel = "FILE", order = 1,
                description = {"Key store (PKCS12, or JKS) with this node's private key and certificate: clients must then connect with TLS, "
                        + "plaintext ones are refused. The certificate should name the host of this node's client address "
                        + "(e.g. keytool -genkeypair ... -ext SAN=ip:127.0.0.1,dns:localhost); clients check it."})
        Path keyStore;

        @Option(names = "--tls-keystore-password-file", required = true, paramLabel = "FILE", order = 2,
                description = "File holding the key store's password (its key's password is the same).")
        Path keyStorePasswordFile;

        @Option(names = "--tls-truststore", paramLabel = "FILE", order = 3,
                description = {"What this node trusts on its peers' client ports (checksum catch-up, divergence checks): "
                        + "a PKCS12/JKS trust store or a PEM file of certificates (default: the certificates in --tls-keystore)."})
        Path trustStore;

        @Option(names = "--tls-truststore-password-file", paramLabel = "FILE", order = 4,
                description = "File holding the trust store's password (not needed for PEM).")
        Path trustStorePasswordFile;

        NodeTls load() throws java.io.IOException {
            char[] trustPassword = trustStorePasswordFile == null ? null : readPassword(trustStorePasswordFile);
            return NodeTls.fromFiles(keyStore, readPassword(keyStorePasswordFile), trustStore, trustPassword);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (sessionIdleSeconds < MIN_SESSION_IDLE_SECONDS) {
            throw new IllegalArgumentException("--session-idle-seconds must be at least " + MIN_SESSION_IDLE_SECONDS
                    + ": a session counts as active at the group's time of its last command, which the leader's clock "
                    + "tick advances only every 10 s");
        }
        ClusterConfig config = layout.config != null ? ClusterConfig.read(layout.config)
                : ClusterConfig.parseMembers(layout.members, CommitMode.parse(mode));
        NodeTls nodeTls = tls == null ? null : tls.load();
        ReplicaNode node = ReplicaNode.start(new ReplicaNode.Options(id, data, readSecret(secretFile), config, Timing.defaults(),
                new SnapshotPolicy(snapshotEvery, java.time.Duration.ofSeconds(snapshotSeconds), snapshotsKept),
                java.time.Duration.ofSeconds(sessionIdleSeconds), nodeTls));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "paxosql-shutdown"));
        node.awaitClose();
        return 0;
    }

    /** A password kept in a file: the file's text (UTF-8) less a trailing line break. */
    static char[] readPassword(Path file) throws java.io.IOException {
        if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read the password file " + file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        return text.toCharArray();
    }

    static byte[] readSecret(Path file) throws java.io.IOException {
        if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read the secret file " + file);
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException notHex) {
            secret = raw;
        }
        if (secret.length < 16) throw new IllegalArgumentException("the secret in " + file + " is " + secret.length + " bytes; at least 16 are needed");
        return secret;
    }
}
