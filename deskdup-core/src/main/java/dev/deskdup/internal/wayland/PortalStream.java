package dev.deskdup.internal.wayland;

/**
 * One stream the portal started: the PipeWire node to connect to and what the portal says about it.
 *
 * @param nodeId     the PipeWire node id
 * @param x          position of the monitor in the compositor's space (0 when not given)
 * @param y          position
 * @param width      size in logical pixels as the portal reports it (0 when not given; the negotiated format tells
 *                   the real buffer size)
 * @param height     size
 * @param sourceType monitor (1), window (2) or virtual (4); 0 when not given
 */
public record PortalStream(long nodeId, int x, int y, int width, int height, long sourceType) {
}
