package paxosql.consensus.core;

/** A chosen instance, handed to the state machine strictly in instance order. */
public record Decision(long instance, Value value) {}
