package dev.deskdup.internal.pipewire;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pods built in Java read back as PipeWire's parser would read them. */
class PodTest {

    @Test
    void aFixedFormatParsesBack() {
        try (Arena arena = Arena.ofConfined()) {
            PodBuilder b = new PodBuilder(arena.allocate(1024, 8));
            MemorySegment pod = b.pod(VideoParams.enumFormatFixed(b, VideoFormat.BGRA, 1920, 1080, 60, false));
            assertThat(pod.byteSize() % 8).isZero();
            VideoFormat f = VideoFormat.parse(pod);
            assertThat(f).isEqualTo(new VideoFormat(VideoFormat.BGRA, 1920, 1080, 0, 1, false, 0));
        }
    }

    @Test
    void aChoiceYieldsItsDefaultAndItsAlternatives() {
        try (Arena arena = Arena.ofConfined()) {
            PodBuilder b = new PodBuilder(arena.allocate(1024, 8));
            MemorySegment pod = b.pod(VideoParams.enumFormatShm(b, 800, 600));
            PodParser p = new PodParser(pod);
            long format = p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_format);
            assertThat(p.choiceType(format)).isEqualTo(SpaIds.SPA_CHOICE_Enum);
            assertThat(p.valueCount(format)).isEqualTo(5);
            assertThat(p.id(format, 0)).isEqualTo(VideoFormat.BGRx);
            assertThat(p.id(format, 4)).isEqualTo(VideoFormat.RGBA);
            long size = p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_size);
            assertThat(p.rectangleWidth(size, 0)).isEqualTo(800);
            assertThat(p.rectangleHeight(size, 2)).isEqualTo(VideoParams.MAX_SIZE);
            assertThat(p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_modifier)).isEqualTo(-1);
        }
    }

    @Test
    void aDmabufFormatSaysSo() {
        try (Arena arena = Arena.ofConfined()) {
            PodBuilder b = new PodBuilder(arena.allocate(1024, 8));
            VideoFormat f = VideoFormat.parse(b.pod(VideoParams.enumFormatFixed(b, VideoFormat.BGRx, 64, 64, 30,
                    true)));
            assertThat(f.hasModifier()).isTrue();
        }
    }

    @Test
    void aPodOverrunningItsBufferIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(16, 8);
            seg.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 100);
            seg.set(java.lang.foreign.ValueLayout.JAVA_INT, 4, SpaIds.SPA_TYPE_Object);
            assertThatThrownBy(() -> new PodParser(seg)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("overruns");
        }
    }
}
