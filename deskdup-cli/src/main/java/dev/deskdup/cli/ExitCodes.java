package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.xvfb.XvfbException;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every deskdup command, and which exception means which. */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

    public static final int OK = 0;
    /** Anything else: the output file could not be written, an unexpected fault. */
    public static final int FAILURE = 1;
    /** Bad command line or bad input (unknown option, malformed region, region off the screen). */
    public static final int USAGE = 2;
    /** The screen could not be captured (display unreachable, extension missing, Xvfb would not start). */
    public static final int CAPTURE = 3;

    /** The "Exit Codes" section every command's --help shows. */
    static Map<String, String> helpSection() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("" + OK, "Success (also when the reader of stdout closed the pipe, or a stream or recording was "
                + "stopped by Ctrl-C or SIGTERM).");
        codes.put("" + FAILURE, "Other failure, e.g. the output file could not be written, ffmpeg is missing or "
                + "failed, stdout is closed.");
        codes.put("" + USAGE, "Usage error: unknown option, malformed or off-screen region, unknown monitor, "
                + "--region with --monitor, no window or several matching --window, an output path that is a "
                + "directory or a device, bad value.");
        codes.put("" + CAPTURE, "Capture error: the display is unreachable, cannot be captured, or was lost; "
                + "--on-resize stop.");
        return codes;
    }

    @Override
    public int getExitCode(Throwable exception) {
        return of(exception);
    }

    static int of(Throwable exception) {
        if (exception instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (exception instanceof CaptureException || exception instanceof XvfbException) {
            return CAPTURE;
        }
        if (exception instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILURE;
    }
}
