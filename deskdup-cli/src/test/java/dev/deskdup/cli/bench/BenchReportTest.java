package dev.deskdup.cli.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's arithmetic and JSON, without any display. */
class BenchReportTest {

    /** A contender that only has a name. */
    private record Stub(String id, String name) implements Contender {
        @Override
        public String method() {
            return "none";
        }

        @Override
        public void open(BenchTarget target, int warmupFrames) {
        }

        @Override
        public BatchResult run(BatchSpec spec, FrameTimes times) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static BenchSettings settings() {
        return new BenchSettings(List.of(new BenchSettings.Size(320, 240)), 10, 0, 2, 0, null);
    }

    private static FrameTimes times(long... nanos) {
        FrameTimes t = new FrameTimes(nanos.length);
        for (long n : nanos) {
            t.add(n);
        }
        return t;
    }

    @Test
    void ratiosPercentilesAndPerFrameFigures() {
        BenchReport report = new BenchReport(settings());
        ContenderResult floor = new ContenderResult(BenchReport.FLOOR_ID, "floor", "320x240", "m");
        floor.add(new BatchResult(4, 4_000_000, 8_000, 0, 0, 0), times(1_000_000, 1_000_000, 1_000_000, 1_000_000));
        ContenderResult full = new ContenderResult(BenchReport.DESKDUP_FULL_ID, "full", "320x240", "m");
        full.add(new BatchResult(2, 4_000_000, 4_000, -1, 64, 1), times(1_000_000, 3_000_000));
        full.add(new BatchResult(2, 4_000_000, 4_000, 10_000, 0, 0), times(2_000_000, 2_000_000));
        report.add(floor);
        report.add(full);
        report.add(ContenderResult.skipped(new Stub("x", "X"), "320x240", "no x"));

        assertThat(floor.fps()).isEqualTo(1000.0);
        assertThat(full.fps()).isEqualTo(500.0);
        assertThat(report.fpsRatio(full, BenchReport.FLOOR_ID)).isEqualTo(0.5);
        assertThat(full.percentileNanos(50)).isEqualTo(2_000_000);
        assertThat(full.percentileNanos(99)).isEqualTo(3_000_000);
        assertThat(full.allocBytesPerFrame()).isEqualTo(16.0);
        assertThat(full.serverCpuNanosPerFrame()).as("one batch did not measure it").isNaN();
        assertThat(full.gcCount()).isEqualTo(1);

        String json = report.json();
        assertThat(json).contains("\"fpsRatioToFloor\": 0.5", "\"serverCpuNanosPerFrame\": null",
                "\"status\": \"skipped\",\n      \"reason\": \"no x\"");
        assertThat(report.markdown()).contains("| 320x240 | X | skipped: no x |");
    }

    @Test
    void chartOfARunWhereEverythingWasSkippedStillDecodes(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport(settings());
        report.add(ContenderResult.skipped(new Stub("x", "X"), "320x240", "no x"));
        Path png = dir.resolve("bench.png");
        ChartWriter.write(report, png);
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void jsonWriterNestsAndEscapes() {
        String json = new JsonWriter().beginObject().member("a", "q\"\n").name("b").beginArray().value(1)
                .value(Double.NaN).endArray().name("c").beginObject().endObject().endObject().toString();
        assertThat(json).isEqualTo("{\n  \"a\": \"q\\\"\\n\",\n  \"b\": [\n    1,\n    null\n  ],\n  \"c\": {}\n}");
    }
}
