package dev.deskdup.xvfb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM killed with SIGKILL (no shutdown hook runs) does not leave its private Xvfb behind: the server goes within
 * a second or two, and its cookie directory is removed by the next start of a private display.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualDisplayKillTest {

    @Test
    void theServerOfAJvmKilledWithSigkillGoesAndItsCookieDirectoryIsRemovedOnTheNextStart() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process owner = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                VirtualDisplayOwner.class.getName())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long serverPid;
        Path cookieDir;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher said = Pattern.compile("pid=(\\d+) dir=(.+)").matcher(String.valueOf(line));
            assertThat(said.matches()).as("the owner said: %s", line).isTrue();
            serverPid = Long.parseLong(said.group(1));
            cookieDir = Path.of(said.group(2));
            assertThat(alive(serverPid)).as("its Xvfb runs").isTrue();
            assertThat(cookieDir).isDirectory();
        } finally {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        }
        assertThat(owner.waitFor(5, TimeUnit.SECONDS)).isTrue();
        long killed = System.nanoTime();
        while (alive(serverPid) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(20);
        }
        long goneAfterMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("Xvfb of a JVM killed with SIGKILL gone after %d ms%n", goneAfterMillis);
        assertThat(alive(serverPid)).as("the dead JVM's Xvfb").isFalse();
        assertThat(goneAfterMillis).as("the server went within 2 s").isLessThan(2000);
        // (Whether the directory still exists here is not checked: any other JVM starting a VirtualDisplay on this
        // machine meanwhile removes it too, which is the point.)

        try (VirtualDisplay next = VirtualDisplay.start(64, 48)) {
            assertThat(next.isAlive()).isTrue();
            assertThat(Files.exists(cookieDir)).as("the dead owner's cookie directory, after the next start").isFalse();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
