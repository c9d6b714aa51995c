package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.wayland.Captures.fill;
import static dev.deskdup.internal.wayland.Captures.open;
import static dev.deskdup.internal.wayland.Captures.portal;
import static dev.deskdup.internal.wayland.Captures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What deskdup asks the portal for, the restore token it keeps, and the portal ending the session. */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandPortalTest {

    @Test
    void theRestoreTokenIsKeptPrivateAndSentNextTime(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, 30)) {
            WaylandProvider provider = provider(pw);
            provider.tokens().forget();
            portal(pw, producer.nodeId(), Map.of("restore_token", "first-token"));
            TestSlot[] slots = TestSlot.ring(2);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                source.released(slots[0]);
            }
            assertThat(provider.tokens().load()).isEqualTo("first-token");
            assertThat(provider.tokens().file().toString()).startsWith(pw.stateDir().toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(provider.tokens().file())))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(provider.tokens().file()
                    .getParent()))).isEqualTo("rwx------");
            pw.clearLog();
            portal(pw, producer.nodeId(), Map.of("restore_token", "second-token"));
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                source.released(slots[0]);
            }
            String select = pw.portalLog().stream().filter(l -> l.contains("\"SelectSources\"")).findFirst()
                    .orElseThrow();
            assertThat(select).contains("\"restore_token\": \"first-token\"").contains("\"persist_mode\": 2")
                    .contains("\"types\": 1").contains("\"cursor_mode\": 1");
            assertThat(provider.tokens().load()).isEqualTo("second-token");
            // the public API forgets the same file (this JVM's XDG_STATE_HOME is the private session's)
            assertThat(ScreenCapture.forgetPortalPermission()).isTrue();
            assertThat(provider.tokens().load()).isNull();
            assertThat(ScreenCapture.forgetPortalPermission()).isFalse();
        }
    }

    @Test
    void aPortalBeforeVersion4IsNotAskedToPersist(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, 30)) {
            pw.clearLog();
            Map<String, Object> c = new HashMap<>(Map.of("version", 3));
            portal(pw, producer.nodeId(), c);
            TestSlot[] slots = TestSlot.ring(2);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                source.released(slots[0]);
            }
            String select = pw.portalLog().stream().filter(l -> l.contains("\"SelectSources\"")).findFirst()
                    .orElseThrow();
            assertThat(select).doesNotContain("persist_mode").doesNotContain("restore_token");
        }
    }

    @Test
    void thePortalClosingTheSessionEndsTheCaptureWithinOneSecond(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, 30)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(2);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                source.released(slots[0]);
                portal(pw, producer.nodeId(), Map.of("close_sessions", true));
                long asked = System.nanoTime();
                assertThatThrownBy(() -> {
                    while (true) {
                        if (fill(source, slots[0], 2000)) {
                            source.released(slots[0]);
                        }
                    }
                }).isInstanceOf(CaptureException.class).hasMessageContaining("portal closed the screen-cast session");
                // the fake portal polls its control file every 100 ms; the watch answers within 250 ms
                assertThat(PipeWireSession.since(asked).toMillis()).isLessThan(1000);
            } finally {
                portal(pw, producer.nodeId(), Map.of());
            }
        }
    }
}
