package dev.deskdup.cli;

import dev.deskdup.cli.bench.BenchCommand;
import dev.deskdup.cli.serve.ServeCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import java.util.Properties;
import java.util.function.Supplier;

/** The top command, {@code deskdup}: holds the subcommands and the wiring shared by all of them. */
@Command(name = "deskdup",
        mixinStandardHelpOptions = true,
        versionProvider = DeskdupCommand.Version.class,
        subcommands = {InfoCommand.class, WindowsCommand.class, ScreenshotCommand.class, StreamCommand.class,
                RecordCommand.class, ServeCommand.class, ShareCommand.class, RingCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        description = {
                "Zero-copy desktop capture from the command line: describe the display and its monitors, take a "
                        + "screenshot, stream raw BGRA frames to ffmpeg, or record a video file or publish live "
                        + "(through ffmpeg); only what changed on the screen is copied.",
                "",
                "In a Wayland session (XDG_SESSION_TYPE=wayland, or WAYLAND_DISPLAY without DISPLAY) the "
                        + "commands capture through the desktop portal and PipeWire (--source wayland): the "
                        + "portal's dialog asks once which screen to share, and deskdup keeps the permission "
                        + "(--forget drops it). Otherwise they capture the X display; without one (no $DISPLAY, "
                        + "no --display) they start a private Xvfb with a moving test scene, as with --virtual, "
                        + "and stop it on exit."},
        footer = {
                "  deskdup info",
                "  deskdup screenshot shot.png --region 0,0,640,480",
                "  deskdup screenshot left.png --monitor 0 --cursor none",
                "  deskdup windows",
                "  deskdup screenshot editor.png --window 0x1a00003",
                "  deskdup stream --virtual --frames 300 \\",
                "      | ffmpeg -f rawvideo -pix_fmt bgra -s 1280x720 -r 30 -i - out.mp4",
                "  deskdup stream --monitor DP-1 --cursor composited --frames 300 --out dp1.bgra",
                "  deskdup record demo.mp4 --duration 10s",
                "  deskdup screenshot desk.png --source wayland --forget   # ask the portal's dialog again",
                "  deskdup share --name desk     # then in Python: deskdup.Ring('desk')",
                "  deskdup ring desk",
                "",
                "Run 'deskdup COMMAND --help' for the options of a command."})
public final class DeskdupCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Where 'stream --out -' writes: the process's stdout as a channel (replaced in tests). */
    private final Supplier<WritableByteChannel> stdout;

    public DeskdupCommand() {
        // Not System.out: that is a PrintStream with its own buffer and locking; frames go straight to fd 1.
        this(Stdout::channel);
    }

    DeskdupCommand(Supplier<WritableByteChannel> stdout) {
        this.stdout = stdout;
    }

    WritableByteChannel stdoutChannel() {
        return stdout.get();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "no command given: choose info, windows, screenshot, stream, record, serve, share, ring or bench");
    }

    /** The configured command line for {@code deskdup}, writing text to System.out/err and frames to fd 1. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new DeskdupCommand()));
    }

    /** As {@link #commandLine()}, with the given text writers and binary stdout (for tests). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Supplier<WritableByteChannel> stdout) {
        CommandLine cl = configure(new CommandLine(new DeskdupCommand(stdout)));
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExitCodeExceptionMapper(new ExitCodes());
        cl.setExecutionExceptionHandler(DeskdupCommand::handleExecutionException);
        cl.setParameterExceptionHandler(DeskdupCommand::handleParameterException);
        manPageLayout(cl);
        return cl;
    }

    /** The same man-page layout for every command: description, parameters, options with defaults, examples, exit codes. */
    private static void manPageLayout(CommandLine cl) {
        cl.setUsageHelpAutoWidth(true);
        cl.getCommandSpec().versionProvider(new Version());   // so 'deskdup stream -V' answers too
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        usage.synopsisHeading(usage.header().length > 0 ? "%nUsage:%n  " : "Usage:%n  ")
                .descriptionHeading("%nDescription:%n")
                .parameterListHeading("%nParameters:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n")
                .footerHeading("%nExamples:%n")
                .exitCodeListHeading("%nExit Codes:%n")
                .exitCodeList(ExitCodes.helpSection())
                .sortOptions(false)
                .abbreviateSynopsis(false);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                manPageLayout(sub);
            }
        }
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        int code = cl.getExitCodeExceptionMapper().getExitCode(ex);
        if (jvmShuttingDown()) {
            // Ctrl-C or SIGTERM: the shutdown hooks stopped the --virtual Xvfb under a running capture. The
            // "connection lost" that follows is the requested stop, not an error to report.
            return code;
        }
        PrintWriter err = cl.getErr();
        String message = ex.getMessage() != null ? ex.getMessage() : ex.toString();
        err.println(cl.getCommandSpec().qualifiedName() + ": error: " + message);
        if (code == ExitCodes.USAGE) {
            err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        } else if (code == ExitCodes.FAILURE && !(ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof CommandFailedException)) {
            ex.printStackTrace(err);   // unexpected: the trace is what a bug report needs
        }
        err.flush();
        return code;
    }

    /** Whether the JVM is running its shutdown hooks (registering one is refused then). */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": usage error: " + ex.getMessage());
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Version from the filtered version.properties, plus the JVM that runs it (FFM behaviour depends on it). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = DeskdupCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{
                    "deskdup " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
        }
    }
}
