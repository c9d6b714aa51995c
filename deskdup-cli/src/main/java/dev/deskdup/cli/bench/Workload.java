package dev.deskdup.cli.bench;

import dev.deskdup.xvfb.X11Painter;

/**
 * A scripted change of the screen made before each captured frame, through a second X connection, so that a
 * damage-driven capture has a known amount of change to pick up. {@link #NONE} leaves the screen alone.
 */
interface Workload extends AutoCloseable {

    Workload NONE = new Workload() {
        @Override
        public String description() {
            return "static screen";
        }

        @Override
        public void step() {
        }

        @Override
        public void close() {
        }
    };

    String description();

    /** Changes the screen and waits until the X server has done it. */
    void step();

    @Override
    void close();

    /** A 64×64 square that moves every frame: a small change, as a cursor or a ticking clock makes. */
    static Workload movingSquare(BenchTarget target) {
        return new PaintingWorkload(target, "64x64 moving square") {
            private int x;
            private int y;

            @Override
            void paint(X11Painter painter, int frame) {
                int size = Math.min(64, Math.min(target.width(), target.height()));
                painter.fillRect(x, y, size, size, 0x202020);   // erase the old square
                x = (x + 7) % Math.max(1, target.width() - size + 1);
                y = (y + 5) % Math.max(1, target.height() - size + 1);
                painter.fillRect(x, y, size, size, 0xFF8000);
            }
        };
    }

    /** The whole screen changes every frame: the worst case for change tracking, as a full-screen video is. */
    static Workload fullScreenChange(BenchTarget target) {
        return new PaintingWorkload(target, "full-screen change") {
            @Override
            void paint(X11Painter painter, int frame) {
                painter.fillRect(0, 0, target.width(), target.height(), (frame & 1) == 0 ? 0x3060A0 : 0xA06030);
            }
        };
    }

    /** Paints through its own {@link X11Painter} connection. */
    abstract class PaintingWorkload implements Workload {
        private final X11Painter painter;
        private final String description;
        private int frame;

        PaintingWorkload(BenchTarget target, String description) {
            this.painter = target.painter();
            this.description = description;
        }

        abstract void paint(X11Painter painter, int frame);

        @Override
        public String description() {
            return description;
        }

        @Override
        public void step() {
            paint(painter, frame++);
            painter.sync();
        }

        @Override
        public void close() {
            painter.close();
        }
    }
}
