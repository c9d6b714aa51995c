package dev.deskdup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Region#parse} takes exactly four ASCII whole numbers separated by commas. */
class RegionParseTest {

    @Test
    void fourNumbersWithSpacesAroundThemAreARegion() {
        assertThat(Region.parse(" 10, 20 ,300,200 ")).isEqualTo(Region.of(10, 20, 300, 200));
        assertThat(Region.parse("-5,0,1,1")).isEqualTo(Region.of(-5, 0, 1, 1));
    }

    @Test
    void aTrailingCommaIsRefused() {
        assertThatThrownBy(() -> Region.parse("1,2,3,4,")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=1,2,3,4, is not x,y,width,height");
    }

    @Test
    void aLeadingOrDoubledCommaIsRefused() {
        assertThatThrownBy(() -> Region.parse(",1,2,3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Region.parse("1,,2,3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonAsciiDigitsAreRefused() {
        // Arabic-Indic and fullwidth digits: Integer.parseInt takes both.
        assertThatThrownBy(() -> Region.parse("\u0661,\u0662,\u0663,\u0664"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits 0-9");
        assertThatThrownBy(() -> Region.parse("0,0,\uFF16\uFF14\uFF10,480"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'\uFF16\uFF14\uFF10'");
    }

    @Test
    void aPlusSignOrNonAsciiSpaceIsRefused() {
        assertThatThrownBy(() -> Region.parse("+1,2,3,4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Region.parse("1,2,3,\u20034")).isInstanceOf(IllegalArgumentException.class);
    }
}
