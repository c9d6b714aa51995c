package dev.deskdup.xvfb;

/** A JVM that starts a private Xvfb, says where it is, and waits to be killed (by {@link VirtualDisplayKillTest}). */
public final class VirtualDisplayOwner {

    private VirtualDisplayOwner() {
    }

    public static void main(String[] args) throws InterruptedException {
        VirtualDisplay xvfb = VirtualDisplay.start(64, 48);
        System.out.println("pid=" + xvfb.pid() + " dir=" + xvfb.xauthority().getParent());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
