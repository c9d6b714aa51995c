package dev.deskdup.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A child deskdup started with fd 1 closed says so and exits 1, instead of crashing the JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClosedStdoutTest {

    @Test
    void streamOfTheSyntheticPatternWithStdoutClosedFailsWithAMessage() throws Exception {
        Cli.Result result = Cli.bash("deskdup stream --source synthetic --screen-size 64x48 --frames 3 >&-; "
                + "echo \"rc=$?\"", Map.of());

        assertThat(result.out().trim()).as(result.err()).isEqualTo("rc=1");
        assertThat(result.err()).contains("stdout is closed").doesNotContain("SIGSEGV", "hs_err");
    }

    @Test
    void streamOfAnXDisplayWithStdoutClosedFailsWithAMessage() throws Exception {
        Cli.Result result = Cli.bash("deskdup stream --virtual --screen-size 64x48 --frames 3 >&-; "
                + "echo \"rc=$?\"", Map.of());

        assertThat(result.out().trim()).as(result.err()).isEqualTo("rc=1");
        assertThat(result.err()).contains("stdout is closed");
    }

    @Test
    void closingTheStdoutChannelLeavesFd1AsItWas() throws Exception {
        Path fd1 = Path.of("/proc/self/fd/1");
        Path before = Files.readSymbolicLink(fd1);

        WritableByteChannel channel = Stdout.channel();
        channel.close();

        assertThat(channel.isOpen()).isFalse();
        assertThat(Files.readSymbolicLink(fd1)).as("fd 1 after close (the JDK would dup2 /dev/null over it)")
                .isEqualTo(before);
        assertThat(Stdout.isOpenForWriting()).contains(true);
    }

    @Test
    void streamWithStdoutOnDevNullStillRuns() throws Exception {
        Cli.Result result = Cli.bash("deskdup stream --source synthetic --screen-size 64x48 --frames 3 >/dev/null; "
                + "echo \"rc=$?\" >&2", Map.of());

        assertThat(result.err()).contains("rc=0");
    }
}
