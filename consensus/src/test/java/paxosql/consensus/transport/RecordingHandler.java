package paxosql.consensus.transport;

import paxosql.consensus.core.Message;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Remembers every delivered message with its sender, in arrival order. */
final class RecordingHandler implements MessageHandler {

    record Delivery(int from, Message message) {}

    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    @Override
    public void onMessage(int fromNodeId, Message message) {
        deliveries.add(new Delivery(fromNodeId, message));
    }

    List<Delivery> all() { return List.copyOf(deliveries); }

    List<Message> from(int sender) {
        return deliveries.stream().filter(d -> d.from() == sender).map(Delivery::message).toList();
    }

    int count() { return deliveries.size(); }
}
