package dev.deskdup.cli.serve;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The WebSocket of one viewer: registers it on open, feeds it the page's acks, unregisters it on close (public: Jetty invokes it reflectively). */
public final class ViewerSocket implements Session.Listener.AutoDemanding {

    private final ViewerRegistry registry;
    private final ServeLog log;
    private volatile Viewer viewer;

    ViewerSocket(ViewerRegistry registry, ServeLog log) {
        this.registry = registry;
        this.log = log;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.setMaxOutgoingFrames(4);   // we send one update at a time; this bounds Jetty's queue regardless
        Viewer v = new Viewer(registry.nextId(), address(session.getRemoteSocketAddress()), session);
        if (!registry.add(v)) {
            v.free();
            session.close(StatusCode.TRY_AGAIN_LATER, "too many viewers", Callback.NOOP);
            log.info("viewer refused from " + v.remote + ": too many viewers");
            return;
        }
        viewer = v;
        log.info("viewer " + v.id + " connected from " + v.remote + " (" + registry.snapshot().length
                + " watching)");
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        Viewer v = viewer;
        ByteBuffer b = payload.order(ByteOrder.LITTLE_ENDIAN);
        if (v != null && b.remaining() >= UpdateDescriptor.ACK_LENGTH
                && b.get(b.position()) == UpdateDescriptor.MSG_ACK) {
            v.acknowledged(b.getInt(b.position() + UpdateDescriptor.ACK_UPDATE_NUMBER_OFFSET),
                    b.getFloat(b.position() + UpdateDescriptor.ACK_DECODE_MS_OFFSET));
        }
        callback.succeed();   // keep-alives and unknown messages need nothing
    }

    @Override
    public void onWebSocketText(String message) {
        // The protocol is binary; text is ignored rather than trusted.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        Viewer v = viewer;
        if (v != null) {
            registry.remove(v);
            log.info("viewer " + v.id + " left (code " + statusCode + "; " + registry.snapshot().length
                    + " watching)");
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        Viewer v = viewer;
        if (v != null) {
            registry.remove(v);
        }
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                    : inet.getHostString();
        }
        return String.valueOf(address);
    }
}
