package dev.deskdup.cli.bench;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Java baseline: {@code java.awt.Robot#createScreenCapture}, which returns a new BufferedImage per frame. It runs
 * in a child JVM ({@link RobotWorker}) because AWT reads the display only from the process environment and this JVM
 * is headless. The child measures its own frame times, heap allocation, GCs and CPU time, and reports them here; the
 * X server's CPU time is read here around each batch. The child's JVM start-up is outside every measurement.
 */
final class RobotContender implements Contender {

    private static final long REPLY_TIMEOUT_SECONDS = 120;

    private final int maxFramesPerBatch;
    private Process child;
    private BufferedReader replies;
    private Writer commands;
    private BenchTarget target;

    /** @param maxFramesPerBatch the child's frame-time buffer: a batch ends when it is full */
    RobotContender(int maxFramesPerBatch) {
        this.maxFramesPerBatch = maxFramesPerBatch;
    }

    @Override
    public String id() {
        return "awt-robot";
    }

    @Override
    public String name() {
        return "java.awt.Robot createScreenCapture";
    }

    @Override
    public String method() {
        return "in a child JVM with DISPLAY set: frame time = one Robot.createScreenCapture, measured by the child, "
                + "as are its heap allocation, GC count and process CPU time; X server CPU from /proc";
    }

    @Override
    public void open(BenchTarget target, int warmupFrames) throws ContenderSkipped {
        this.target = target;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Djava.awt.headless=false",
                "-cp", System.getProperty("java.class.path"), RobotWorker.class.getName(),
                "" + target.width(), "" + target.height(), "" + maxFramesPerBatch))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(target.environment());
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new ContenderSkipped("cannot start a child JVM for java.awt.Robot", e);
        }
        replies = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        commands = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.US_ASCII);
        try {
            expect("ready", reply(30));
            send("warmup " + warmupFrames);
            expect("ok", reply(REPLY_TIMEOUT_SECONDS));
        } catch (ContenderSkipped e) {
            close();
            throw e;
        }
    }

    @Override
    public BatchResult run(BatchSpec spec, FrameTimes times) throws ContenderSkipped {
        times.clear();
        long serverBefore = ProcStat.cpuNanos(target.serverPid());
        send(spec.byFrames() ? "frames " + spec.frames() : "nanos " + spec.nanos());
        String line = reply(REPLY_TIMEOUT_SECONDS + TimeUnit.NANOSECONDS.toSeconds(spec.nanos()));
        long serverAfter = ProcStat.cpuNanos(target.serverPid());
        if (!line.startsWith("result ")) {
            throw new ContenderSkipped("java.awt.Robot failed: " + line);
        }
        String[] f = line.split(" ");
        for (int i = 6; i < f.length; i++) {
            times.add(Long.parseLong(f[i]));
        }
        return new BatchResult(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                ProcStat.delta(serverBefore, serverAfter), Long.parseLong(f[4]), Long.parseLong(f[5]));
    }

    private void send(String command) throws ContenderSkipped {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new ContenderSkipped("the java.awt.Robot child JVM went away", e);
        }
    }

    /** The child's next line, or a skip when it says "error", dies, or stays silent past the timeout. */
    private String reply(long timeoutSeconds) throws ContenderSkipped {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return replies.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String s = line.get(timeoutSeconds, TimeUnit.SECONDS);
            if (s == null) {
                throw new ContenderSkipped("the java.awt.Robot child JVM exited without an answer (is "
                        + target.display() + " reachable, and AWT's X11 libraries installed?)");
            }
            if (s.startsWith("error ")) {
                throw new ContenderSkipped("java.awt.Robot failed: " + s.substring(6));
            }
            return s;
        } catch (TimeoutException e) {
            throw new ContenderSkipped("java.awt.Robot gave no answer within " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            throw new ContenderSkipped("java.awt.Robot child JVM failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContenderSkipped("interrupted");
        }
    }

    private static void expect(String expected, String got) throws ContenderSkipped {
        if (!expected.equals(got)) {
            throw new ContenderSkipped("java.awt.Robot child JVM said '" + got + "', expected '" + expected + "'");
        }
    }

    @Override
    public void close() {
        if (child == null) {
            return;
        }
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        child = null;
    }
}
