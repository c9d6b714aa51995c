package dev.deskdup.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded, coalescing rectangle set behind dirty rects and per-slot catch-up. */
class RectSetTest {

    @Test
    void aRectangleInsideAnotherIsDropped() {
        RectSet set = new RectSet(16);
        set.add(0, 0, 100, 100);
        set.add(10, 10, 5, 5);
        assertThat(set.count()).isEqualTo(1);
        assertThat(set.width(0)).isEqualTo(100);
    }

    @Test
    void touchingRectanglesOfTheSameHeightMergeIntoOne() {
        RectSet set = new RectSet(16);
        set.add(0, 0, 10, 10);
        set.add(10, 0, 10, 10);
        assertThat(set.count()).isEqualTo(1);
        assertThat(set.toString()).isEqualTo("[0,0,20,10]");
    }

    @Test
    void farApartRectanglesStaySeparate() {
        RectSet set = new RectSet(16);
        set.add(0, 0, 10, 10);
        set.add(100, 100, 10, 10);
        assertThat(set.count()).isEqualTo(2);
        assertThat(set.area()).isEqualTo(200);
    }

    @Test
    void pastCapacityTheSetCollapsesIntoTheExactBoundingBox() {
        RectSet set = new RectSet(16);
        for (int i = 0; i < 17; i++) {
            set.add(5 + i * 20, 7 + (i % 3) * 30, 4, 4);
        }
        assertThat(set.count()).isEqualTo(1);
        assertThat(set.toString()).isEqualTo("[5,7," + (16 * 20 + 4) + "," + (2 * 30 + 4) + "]");
    }

    @Test
    void clippingKeepsOnlyThePartInsideAndDropsWhatIsOutside() {
        RectSet set = new RectSet(16);
        set.addClipped(-5, -5, 10, 10, 100, 100);
        set.addClipped(200, 0, 10, 10, 100, 100);
        set.addClipped(95, 98, 10, 10, 100, 100);
        assertThat(set.toString()).isEqualTo("[0,0,5,5 95,98,5,2]");
    }

    @Test
    void emptyRectanglesAreIgnored() {
        RectSet set = new RectSet(4);
        set.add(1, 1, 0, 5);
        set.add(1, 1, 5, -1);
        assertThat(set.isEmpty()).isTrue();
    }
}
