/**
 * deskdup: desktop duplication for Java. The public API is the package {@code dev.deskdup}; everything else
 * ({@code dev.deskdup.spi}, {@code dev.deskdup.internal.*}) is the library's own and not exported.
 *
 * <p>On the module path, run with {@code --enable-native-access=dev.deskdup}; on the class path (most
 * applications), with {@code --enable-native-access=ALL-UNNAMED} or the manifest entry
 * {@code Enable-Native-Access: ALL-UNNAMED}.
 */
module dev.deskdup {
    requires java.desktop;

    exports dev.deskdup;
}
