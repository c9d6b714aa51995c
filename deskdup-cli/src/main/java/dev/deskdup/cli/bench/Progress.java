package dev.deskdup.cli.bench;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Tells the user how far the run is: a progress bar on a terminal, nothing otherwise (pipes, CI logs, tests). */
interface Progress extends AutoCloseable {

    Progress NONE = new Progress() {
        @Override
        public void begin(long steps) {
        }

        @Override
        public void step(String done) {
        }

        @Override
        public void advance(long steps) {
        }

        @Override
        public void close() {
        }
    };

    /** Announces the number of steps (contender warm-ups and batches) of the whole run. */
    void begin(long steps);

    /** One step done; {@code done} says which, e.g. "1920x1080 round 2/5: deskdup full-frame pull". */
    void step(String done);

    /** Steps that need no work: the batches of a contender skipped at this size. */
    void advance(long steps);

    @Override
    void close();

    /** Whether stderr, where the bar goes, is a terminal. */
    static boolean stderrIsTerminal() {
        return dev.deskdup.cli.Terminals.stderrIsTerminal();
    }

    /** A progress bar on stderr when it is a terminal, else {@link #NONE}. */
    static Progress forConsole(boolean wanted) {
        if (!wanted || !stderrIsTerminal()) {
            return NONE;
        }
        return new Progress() {
            private ProgressBar bar;

            @Override
            public void begin(long steps) {
                bar = new ProgressBarBuilder().setTaskName("bench").setInitialMax(steps)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                        .hideEta().build();
            }

            @Override
            public void step(String done) {
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(done);
                }
            }

            @Override
            public void advance(long steps) {
                if (bar != null) {
                    bar.stepBy(steps);
                }
            }

            @Override
            public void close() {
                if (bar != null) {
                    bar.close();
                }
            }
        };
    }
}
