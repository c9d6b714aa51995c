package dev.deskdup.cli.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret every request must carry. Generated from {@link SecureRandom} (32 bytes, URL-safe base64, no padding)
 * unless given; compared in constant time so its bytes cannot be found one at a time by timing the answers.
 */
public final class AccessToken {

    private static final int GENERATED_BYTES = 32;
    private static final int MIN_LENGTH = 16;

    private final byte[] value;

    private AccessToken(String value) {
        this.value = value.getBytes(StandardCharsets.US_ASCII);
    }

    /** A fresh random token: 43 characters of [A-Za-z0-9_-]. */
    public static AccessToken generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * A token given by the user. It must be URL-safe (it travels in a URL and in a WebSocket subprotocol) and long
     * enough not to be guessed.
     */
    public static AccessToken of(String value) {
        if (value == null || value.length() < MIN_LENGTH || !value.matches("[A-Za-z0-9_-]+")) {
            // The value itself is not repeated: it is a secret, and this message may end up in a log.
            throw new IllegalArgumentException("token: must be at least " + MIN_LENGTH + " characters of "
                    + "A-Z a-z 0-9 _ - (leave --token out to have one generated)");
        }
        return new AccessToken(value);
    }

    /** Whether {@code candidate} is this token, in time independent of where they differ. Null is never. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token's text: for the one startup URL line and the page, nowhere else. */
    public String reveal() {
        return new String(value, StandardCharsets.US_ASCII);
    }

    /** Never the token itself, so that logging this object by mistake leaks nothing. */
    @Override
    public String toString() {
        return "AccessToken[redacted]";
    }
}
