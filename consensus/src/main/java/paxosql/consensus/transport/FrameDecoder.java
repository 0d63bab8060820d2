package paxosql.consensus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the inbound byte stream into frames (see {@link Frames}) and emits each frame
 * without its length prefix. A length outside {@code [1, limit]} raises a
 * {@link MalformedFrameException}; from then on the rest of the stream is discarded,
 * since nothing after a bad length can be trusted. The limit starts at the handshake
 * limit and is raised once the peer is authenticated, so an unauthenticated peer can
 * never make this node buffer a large frame.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    /** A frame whose declared length is out of bounds. */
    static final class MalformedFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String reason) {
            super(reason, null, false, false); // expected on a hostile stream: no stack trace
        }
    }

    private int maxFrameBytes;
    private boolean discarding;

    FrameDecoder(int initialMaxFrameBytes) {
        this.maxFrameBytes = initialMaxFrameBytes;
    }

    /** Called on the channel's event loop, between two frames. */
    void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws MalformedFrameException {
        if (discarding || !ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frames.LENGTH_PREFIX_BYTES) return;
        int length = in.getInt(in.readerIndex());
        if (length < 1 || length > maxFrameBytes) {
            discarding = true;
            in.skipBytes(in.readableBytes());
            throw new MalformedFrameException(length < 1
                    ? "frame length " + length + " is not positive"
                    : "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        if (in.readableBytes() < Frames.LENGTH_PREFIX_BYTES + length) return;
        in.skipBytes(Frames.LENGTH_PREFIX_BYTES);
        out.add(in.readRetainedSlice(length));
    }
}
