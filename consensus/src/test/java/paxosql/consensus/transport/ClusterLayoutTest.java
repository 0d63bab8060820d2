package paxosql.consensus.transport;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Role;
import paxosql.consensus.transport.ClusterLayout.MemberAddresses;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterLayoutTest {

    private static MemberAddresses addresses(String host, int peerPort) {
        return new MemberAddresses(new HostPort(host, peerPort), new HostPort(host, peerPort + 1000));
    }

    private static Map<Integer, MemberAddresses> threeNodeAddresses() {
        Map<Integer, MemberAddresses> a = new LinkedHashMap<>();
        a.put(1, addresses("10.0.0.1", 7001));
        a.put(2, addresses("10.0.0.2", 7001));
        a.put(3, addresses("db3.example", 7001));
        return a;
    }

    private static ClusterLayout layout(GroupConfig config, Map<Integer, MemberAddresses> addresses) {
        return new ClusterLayout(config, addresses);
    }

    private static final GroupConfig THREE_VOTERS = GroupConfig.of(3, 0, CommitMode.SIMPLIFIED);

    @Test
    void sameLayoutHashesAlikeRegardlessOfOrderAndHostCase() {
        Map<Integer, MemberAddresses> reordered = new LinkedHashMap<>();
        reordered.put(3, addresses("DB3.Example", 7001));
        reordered.put(2, addresses("10.0.0.2", 7001));
        reordered.put(1, addresses("10.0.0.1", 7001));
        GroupConfig sameMembersOtherOrder = new GroupConfig(
                List.of(new Member(3, Role.VOTER), new Member(1, Role.VOTER), new Member(2, Role.VOTER)), CommitMode.SIMPLIFIED);

        ClusterLayout a = layout(THREE_VOTERS, threeNodeAddresses());
        ClusterLayout b = layout(sameMembersOtherOrder, reordered);

        assertThat(b.configHash()).hasSize(32).isEqualTo(a.configHash());
        assertThat(b.configHashHex()).isEqualTo(a.configHashHex());
    }

    @Test
    void anyDifferenceChangesTheHash() {
        byte[] base = layout(THREE_VOTERS, threeNodeAddresses()).configHash();
        List<UnaryOperator<Map<Integer, MemberAddresses>>> addressChanges = List.of(
                m -> with(m, 2, addresses("10.0.0.2", 7002)),                                           // peer port
                m -> with(m, 2, addresses("10.0.0.9", 7001)),                                           // host
                m -> with(m, 2, new MemberAddresses(new HostPort("10.0.0.2", 7001), new HostPort("10.0.0.2", 9999)))); // client port
        for (var change : addressChanges) {
            assertThat(layout(THREE_VOTERS, change.apply(threeNodeAddresses())).configHash()).isNotEqualTo(base);
        }
        assertThat(layout(GroupConfig.of(3, 0, CommitMode.CLASSIC), threeNodeAddresses()).configHash()).as("commit mode").isNotEqualTo(base);
        assertThat(layout(GroupConfig.witnessGroup(0, CommitMode.SIMPLIFIED), threeNodeAddresses()).configHash()).as("role").isNotEqualTo(base);
        Map<Integer, MemberAddresses> withLearner = with(threeNodeAddresses(), 4, addresses("10.0.0.4", 7001));
        assertThat(layout(GroupConfig.of(3, 1, CommitMode.SIMPLIFIED), withLearner).configHash()).as("extra member").isNotEqualTo(base);
    }

    @Test
    void canonicalTextNamesEveryMemberAndTheMode() {
        assertThat(layout(THREE_VOTERS, threeNodeAddresses()).canonicalText()).isEqualTo("""
                paxosql-cluster-layout v1
                mode simplified
                member 1 VOTER peer=10.0.0.1:7001 client=10.0.0.1:8001
                member 2 VOTER peer=10.0.0.2:7001 client=10.0.0.2:8001
                member 3 VOTER peer=db3.example:7001 client=db3.example:8001
                """);
    }

    @Test
    void refusesMissingExtraOrSharedAddresses() {
        Map<Integer, MemberAddresses> missing = threeNodeAddresses();
        missing.remove(3);
        assertThatThrownBy(() -> layout(THREE_VOTERS, missing)).hasMessageContaining("member 3 has no addresses");
        assertThatThrownBy(() -> layout(THREE_VOTERS, with(threeNodeAddresses(), 9, addresses("10.0.0.9", 7001))))
                .hasMessageContaining("node 9, which is not a member");
        assertThatThrownBy(() -> layout(THREE_VOTERS, with(threeNodeAddresses(), 3, addresses("10.0.0.2", 7001))))
                .hasMessageContaining("address 10.0.0.2:7001 is used by node 2 and node 3");
    }

    @Test
    void hostPortParsesAndPrintsIpv6() {
        assertThat(HostPort.parse("[::1]:7001")).isEqualTo(new HostPort("::1", 7001));
        assertThat(new HostPort("::1", 7001)).hasToString("[::1]:7001");
        assertThat(HostPort.parse("Node1.Example:80")).isEqualTo(new HostPort("node1.example", 80));
        assertThatThrownBy(() -> HostPort.parse("node1")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> new HostPort("node1", 0)).hasMessageContaining("port must be 1-65535");
    }

    private static Map<Integer, MemberAddresses> with(Map<Integer, MemberAddresses> base, int id, MemberAddresses a) {
        Map<Integer, MemberAddresses> copy = new HashMap<>(base);
        copy.put(id, a);
        return copy;
    }
}
