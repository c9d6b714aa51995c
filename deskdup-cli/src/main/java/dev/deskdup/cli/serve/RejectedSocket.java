package dev.deskdup.cli.serve;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A WebSocket refused by policy (bad token, foreign Origin): closed with 1008 and a reason the page can show, before
 * anything is sent. The page gets a clear answer instead of an anonymous failed connection.
 */
public final class RejectedSocket implements Session.Listener.AutoDemanding {

    static final int POLICY_VIOLATION = 1008;

    private final String reason;

    RejectedSocket(String reason) {
        this.reason = reason;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.close(POLICY_VIOLATION, reason, Callback.NOOP);
    }
}
