package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.RingPublisher;
import dev.deskdup.RingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** deskdup share and deskdup ring: publish, inspect, and say clearly what is wrong. */
@Timeout(60)
class ShareCommandTest {

    static String name(String what) {
        return "cli-" + what + "-" + ProcessHandle.current().pid();
    }

    @Test
    void sharePublishesFramesThatAReaderGetsAndPrintsThePythonOneLiner() throws Exception {
        String name = name("share");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("share", "--name", name,
                "--source", "synthetic", "--screen-size", "64x32", "--checksum", "--fps", "200", "--seconds", "3"));
        try (RingReader ring = RingReader.open(name, 10, TimeUnit.SECONDS)) {
            Frame frame = ring.acquire(5, TimeUnit.SECONDS);
            assertThat(frame).isNotNull();
            assertThat(frame.width()).isEqualTo(64);
            frame.release();
        }
        Cli.Result result = run.get(20, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("sharing 64x32 BGRA from synthetic in ring '" + name + "'",
                "/dev/shm/deskdup-" + name, "up to 4 readers",
                "read it: python3 -c \"import deskdup; r = deskdup.Ring('" + name + "')", "published ");
    }

    @Test
    void ringShowsHeaderSlotsAndReaders() {
        String name = name("ring");
        try (RingPublisher pub = RingPublisher.start(name, CaptureOptions.defaults().source("synthetic")
                .syntheticSize(32, 16).maxFps(100), 2);
             RingReader reader = RingReader.open(name)) {
            Frame f = reader.acquire(5, TimeUnit.SECONDS);
            Cli.Result result = Cli.run("ring", name);
            f.release();
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("ring " + name, "layout 1.0", "state LIVE", "32x16 BGRA, stride 128",
                    "4 slots, 2 reader entries", "pid " + ProcessHandle.current().pid(), "source synthetic",
                    "alive", "slot  sequence", "reader  state", "java", "lease");
        }
    }

    @Test
    void aNameInUseIsACaptureErrorNamingThePid() {
        String name = name("busy");
        try (RingPublisher pub = RingPublisher.start(name, CaptureOptions.defaults().source("synthetic")
                .syntheticSize(16, 8).maxFps(50), 1)) {
            Cli.Result result = Cli.run("share", "--name", name, "--source", "synthetic", "--seconds", "1");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.CAPTURE);
            assertThat(result.err()).contains("is in use by a live producer: pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void badNamesAndChecksumWithoutSyntheticAreUsageErrors() {
        assertThat(Cli.run("share", "--name", "../x", "--source", "synthetic").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Result checksum = Cli.run("share", "--name", "x", "--checksum", "--display", ":999");
        assertThat(checksum.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(checksum.err()).contains("--checksum needs --source synthetic");
        assertThat(Cli.run("share", "--name", "x", "--source", "synthetic", "--readers", "63").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void ringOfAMissingNameIsACaptureError() {
        Cli.Result result = Cli.run("ring", "no-such-" + ProcessHandle.current().pid());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.CAPTURE);
        assertThat(result.err()).contains("no ring name=no-such-");
    }

    @Test
    void shareHelpSaysHowReadersReadItAndWhichCopyHappens() {
        Cli.Result result = Cli.run("share", "--help");
        String help = result.out().replaceAll("\\s+", " ");
        assertThat(help).contains("--name=NAME", "--readers=N", "(default: 4)", "/dev/shm/deskdup-NAME",
                "mode 0600", "os-direct", "one-copy", "deskdup.Ring(NAME)", "RingReader", "Exit Codes:");
    }
}
