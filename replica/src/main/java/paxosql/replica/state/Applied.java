package paxosql.replica.state;

import paxosql.consensus.core.Command;
import paxosql.driver.protocol.ExecResult;

/** One command of a decision and the result every replica computes for it; the node answers the client with it. */
public record Applied(Command command, ExecResult result) {}
