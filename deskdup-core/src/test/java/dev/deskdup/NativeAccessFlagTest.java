package dev.deskdup;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Used without --enable-native-access, deskdup says which flag to add (and the JVM prints no warning first). */
class NativeAccessFlagTest {

    public static void main(String[] args) {
        try {
            ScreenCapture.open(CaptureOptions.defaults().display(":0").source("x11")).close();
            System.out.println("OPENED");
        } catch (CaptureException e) {
            System.out.println("ERROR " + e.getMessage());
        }
    }

    @Test
    void withoutTheFlagTheErrorNamesTheFlagToAdd() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                NativeAccessFlagTest.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("ERROR native access is not enabled")
                .contains("--enable-native-access=ALL-UNNAMED")
                .doesNotContain("restricted method");
    }
}
