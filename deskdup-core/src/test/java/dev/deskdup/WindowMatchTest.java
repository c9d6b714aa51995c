package dev.deskdup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link WindowMatch#parse} reads, how matches print, and the values refused. */
class WindowMatchTest {

    @Test
    void idsAreReadInHexAsXwininfoPrintsThemAndInDecimalAsXdotoolDoes() {
        assertThat(WindowMatch.parse("0x1a00003")).isEqualTo(new WindowMatch.Id(0x1a00003));
        assertThat(WindowMatch.parse("0X1A00003")).isEqualTo(new WindowMatch.Id(0x1a00003));
        assertThat(WindowMatch.parse("27262979")).isEqualTo(new WindowMatch.Id(27262979));
        assertThat(WindowMatch.parse(" id:0x20 ")).isEqualTo(new WindowMatch.Id(0x20));
    }

    @Test
    void prefixesSayWhatIsMatchedAndAnythingElseIsATitle() {
        assertThat(WindowMatch.parse("title:1234")).isEqualTo(new WindowMatch.Title("1234"));
        assertThat(WindowMatch.parse("class:XTerm")).isEqualTo(new WindowMatch.ClassName("XTerm"));
        assertThat(WindowMatch.parse("pid:42")).isEqualTo(new WindowMatch.Pid(42));
        assertThat(WindowMatch.parse("Mozilla Firefox")).isEqualTo(new WindowMatch.Title("Mozilla Firefox"));
        assertThat(WindowMatch.parse("0xzz")).isEqualTo(new WindowMatch.Title("0xzz"));
    }

    @Test
    void everyMatchPrintsAsTextParseReadsBack() {
        for (WindowMatch m : new WindowMatch[]{WindowMatch.id(0x1a00003), WindowMatch.title("Editor: a.txt"),
                WindowMatch.title("123"), WindowMatch.className("xterm"), WindowMatch.pid(77)}) {
            assertThat(WindowMatch.parse(m.toString())).isEqualTo(m);
        }
        assertThat(WindowMatch.id(0x1a00003)).hasToString("0x1a00003");
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> WindowMatch.id(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=0x0 (0)").hasMessageContaining("0x1fffffff");
        assertThatThrownBy(() -> WindowMatch.parse("0x20000000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x20000000");
        assertThatThrownBy(() -> WindowMatch.parse("99999999999999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=99999999999999");
        assertThatThrownBy(() -> WindowMatch.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> WindowMatch.parse("pid:abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=pid:abc");
        assertThatThrownBy(() -> WindowMatch.parse("title:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=title:\"\"");
        assertThatThrownBy(() -> CaptureOptions.defaults().windowTitle(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowExcludesARegionAndAMonitor() {
        CaptureOptions w = CaptureOptions.defaults().window(0x400001);
        assertThatThrownBy(() -> w.region(Region.of(0, 0, 1, 1)).checkConsistent())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window=0x400001");
        assertThatThrownBy(() -> w.monitor("DP-1").checkConsistent())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitor=DP-1");
        w.windowDecorations(true).checkConsistent();
        assertThat(w.window(null).window()).isNull();
    }
}
