package dev.deskdup.cli.serve;

import org.eclipse.jetty.util.ajax.JSON;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by {@code src/test/js/driver.mjs} through playwright-core:
 * one JSON command per line in, one JSON answer per line out. Fails with what to install when node, the npm
 * packages or Chromium are missing.
 */
final class Browser implements AutoCloseable {

    static final Path JS_DIR = Path.of("src/test/js").toAbsolutePath();
    static final Path ARTIFACTS = Path.of("target/serve-artifacts").toAbsolutePath();

    private final Process node;
    private final BufferedReader answers;
    private final Writer commands;

    private Browser(Process node) {
        this.node = node;
        this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Browser start() throws IOException {
        if (!Files.isDirectory(JS_DIR.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("the browser tests need playwright-core in " + JS_DIR.resolve("node_modules")
                    + ": run 'bash .ci/run' once, or 'npm ci --prefix deskdup-cli/src/test/js' from the checkout");
        }
        String chromium = System.getenv().getOrDefault("DESKDUP_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new AssertionError("the browser tests need Chromium at " + chromium
                    + ": apt-get install chromium (or run 'bash .ci/run')");
        }
        Files.createDirectories(ARTIFACTS);
        ProcessBuilder pb = new ProcessBuilder("node", "driver.mjs").directory(JS_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(ARTIFACTS.resolve("driver-stderr.log").toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node (" + e.getMessage() + "): apt-get install nodejs npm "
                    + "(or run 'bash .ci/run')", e);
        }
        Browser b = new Browser(p);
        Map<String, Object> ready = b.read(60);
        if (!Boolean.TRUE.equals(ready.get("ready"))) {
            b.close();
            throw new AssertionError("browser driver did not start: " + ready);
        }
        return b;
    }

    /** Sends a command ({@code cmd} plus key/value pairs) and returns the answer; fails on {@code ok:false}. */
    Map<String, Object> call(String cmd, Object... keyValues) throws IOException {
        Map<String, Object> answer = tryCall(cmd, keyValues);
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new AssertionError(cmd + " failed: " + answer.get("error"));
        }
        return answer;
    }

    /** As {@link #call}, returning a failed answer instead of throwing. */
    Map<String, Object> tryCall(String cmd, Object... keyValues) throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("cmd", cmd);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            command.put((String) keyValues[i], keyValues[i + 1]);
        }
        commands.write(new JSON().toJSON(command) + "\n");
        commands.flush();
        return read(120);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(int timeoutSeconds) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return answers.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String text = line.get(timeoutSeconds, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("browser driver ended; see " + ARTIFACTS.resolve("driver-stderr.log"));
            }
            return (Map<String, Object>) new JSON().fromJSON(text);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("browser driver gave no answer in " + timeoutSeconds + " s");
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
    }

    static long number(Map<String, Object> answer, String key) {
        Object v = answer.get(key);
        if (!(v instanceof Number n)) {
            throw new AssertionError("no number " + key + " in " + answer);
        }
        return n.longValue();
    }

    static double real(Map<String, Object> answer, String key) {
        Object v = answer.get(key);
        if (!(v instanceof Number n)) {
            throw new AssertionError("no number " + key + " in " + answer);
        }
        return n.doubleValue();
    }

    @Override
    public void close() {
        try {
            commands.write("{\"cmd\":\"quit\"}\n");
            commands.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
