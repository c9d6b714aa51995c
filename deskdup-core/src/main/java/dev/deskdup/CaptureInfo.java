package dev.deskdup;

import java.util.List;

/**
 * What a capture is doing, for diagnostics and tests: which backend, how it copies, how many slots, its state.
 *
 * <pre>{@code
 * CaptureInfo info = capture.info();
 * System.out.println(info.source() + " " + info.width() + "x" + info.height()
 *         + (info.changeTracking() ? ", change-driven" : ", full frames") + ", state=" + info.state());
 * }</pre>
 *
 * @param source         the backend: {@code "x11"}, {@code "dxgi"}, {@code "wayland"} or {@code "synthetic"}
 * @param width          width of the captured area now
 * @param height         height of the captured area now
 * @param slots          how many frame slots the capture has
 * @param changeTracking whether only what changed is copied (and acquire waits for a change)
 * @param zeroCopy       whether the OS writes straight into the slots' memory (X11 with fd passing, Wayland memfd
 *                       buffers); false when a copy is made on our side (DXGI's copy-out, the SysV fallback of a
 *                       shared ring)
 * @param state          {@code "running"}, {@code "closed"}, or the backend's recovery state
 * @param features       the backend's optional features, on or off with the reason
 */
public record CaptureInfo(String source, int width, int height, int slots, boolean changeTracking,
                          boolean zeroCopy, String state, List<Feature> features) {

    public CaptureInfo {
        features = features == null ? List.of() : List.copyOf(features);
    }
}
