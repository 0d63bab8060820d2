package paxosql.driver.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the inbound byte stream into frames ({@link WireProtocol}) and emits each frame's
 * body as a {@link ByteBuf}, without its length prefix. A length outside {@code [1, limit]}
 * raises a {@link MalformedFrameException} (wrapped by Netty in a
 * {@link io.netty.handler.codec.DecoderException}); the rest of the stream is then
 * discarded, since nothing after a bad length can be trusted. The limit is checked on the
 * length prefix, before buffering the body, so a peer cannot make this end buffer more
 * than the limit; start low and {@linkplain #setMaxFrameBytes raise it} once the other end
 * is authenticated.
 *
 * <p>The peer transport in {@code consensus} has its own framer (it carries a kind byte and
 * cannot depend on the driver); the two are deliberately alike.
 */
public final class WireFrameDecoder extends ByteToMessageDecoder {

    private int maxFrameBytes;
    private boolean discarding;

    public WireFrameDecoder(int initialMaxFrameBytes) {
        if (initialMaxFrameBytes < 1) throw new IllegalArgumentException("initialMaxFrameBytes " + initialMaxFrameBytes);
        this.maxFrameBytes = initialMaxFrameBytes;
    }

    /** Changes the limit for the frames after the current one. Call on the channel's event loop. */
    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws MalformedFrameException {
        if (discarding || !ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < WireProtocol.LENGTH_PREFIX_BYTES) return;
        int length = in.getInt(in.readerIndex());
        if (length < 1 || length > maxFrameBytes) {
            discarding = true;
            in.skipBytes(in.readableBytes());
            throw new MalformedFrameException(length < 1
                    ? "frame length " + length + " is not positive"
                    : "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        if (in.readableBytes() < WireProtocol.LENGTH_PREFIX_BYTES + length) return;
        in.skipBytes(WireProtocol.LENGTH_PREFIX_BYTES);
        out.add(in.readRetainedSlice(length));
    }
}
