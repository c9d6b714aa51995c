package dev.deskdup.cli;

/** Entry point of the executable jar: {@code java -jar deskdup-cli.jar COMMAND [OPTIONS]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Screenshots go through BufferedImage and ImageIO; no window is ever opened, so never look for a display.
        System.setProperty("java.awt.headless", "true");
        try {
            Stdout.checkOpenForWriting();
        } catch (IllegalStateException closed) {
            System.err.println("deskdup: error: " + closed.getMessage());
            System.exit(ExitCodes.FAILURE);
        }
        int code = DeskdupCommand.commandLine().execute(args);
        System.exit(code);   // runs the shutdown hook that stops a --virtual Xvfb, if one is still up
    }
}
