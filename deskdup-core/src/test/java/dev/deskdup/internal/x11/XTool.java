package dev.deskdup.internal.x11;

import dev.deskdup.xvfb.VirtualDisplay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an X command-line tool (xsetroot, xrandr) against a test display and fails with its output if it fails. */
final class XTool {

    private XTool() {
    }

    static String run(VirtualDisplay display, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        builder.environment().putAll(display.clientEnvironment());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed on display=" + display.display() + ": "
                    + out);
        }
        return out;
    }
}
