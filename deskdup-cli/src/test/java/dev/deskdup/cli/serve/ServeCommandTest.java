package dev.deskdup.cli.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deskdup serve} as a user runs it: in its own JVM, stopped with SIGTERM. */
@Timeout(120)
class ServeCommandTest {

    private static final Pattern URL = Pattern.compile("open (http://127\\.0\\.0\\.1:(\\d+)/\\?token=([A-Za-z0-9_-]{43}))");

    @Test
    void printsTheUrlWithAGeneratedTokenOnceServesItAndStopsCleanlyOnSigterm() throws Exception {
        Path err = Files.createTempFile("serve-err", ".txt");
        Process p = new ProcessBuilder(javaCommand("serve", "--source", "synthetic", "--screen-size", "320x240",
                "--port", "0")).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.readString(err)).isNotNull();
            Matcher m = URL.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<canvas id=\"screen\"");
            assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();

            p.destroy();   // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
            assertThat(p.exitValue()).isIn(0, 143);
            String log = Files.readString(err);
            assertThat(log).contains("serving 320x240").doesNotContain(m.group(3));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    @Test
    void badValuesAreUsageErrorsBeforeAnythingStarts() throws Exception {
        assertThat(run("serve", "--source", "synthetic", "--port", "70000")).isEqualTo(2);
        assertThat(run("serve", "--source", "synthetic", "--cursor", "separate")).isEqualTo(2);
        assertThat(run("serve", "--source", "synthetic", "--encoding", "png")).isEqualTo(2);
        Path weak = Files.createTempFile("token", ".txt");
        try {
            Files.writeString(weak, "short\n");
            assertThat(run("serve", "--source", "synthetic", "--token-file", weak.toString())).isEqualTo(2);
        } finally {
            Files.deleteIfExists(weak);
        }
    }

    private static int run(String... args) throws Exception {
        Process p = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.deskdup.cli.Main");
        command.addAll(List.of(args));
        return command;
    }
}
