package dev.sparkflow.launcher.model;

import dev.sparkflow.launcher.api.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** Checks an OpenSSH public key line ({@code type base64 [comment]}) without trusting its text. */
public final class SshPublicKey {
    private static final Set<String> TYPES = Set.of(
            "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final int MAX_LENGTH = 16_384;

    private SshPublicKey() {
    }

    /** Throws {@link RequestException} unless {@code line} is one well-formed public key of a supported type. */
    public static void validate(String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH || trimmed.contains("\n") || trimmed.contains("\r")) {
            throw malformed("expected a single line 'ssh-ed25519 AAAA… comment'");
        }
        if (trimmed.contains("PRIVATE KEY")) {
            throw malformed("this looks like a private key; send the .pub file's contents only");
        }
        String[] parts = trimmed.split("\\s+", 3);
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            throw malformed("the key type must be one of " + TYPES);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw malformed("the key body is not valid base64");
        }
        if (!parts[0].equals(embeddedType(blob))) {
            throw malformed("the key body does not hold a " + parts[0] + " key");
        }
    }

    /** The key type written at the start of the blob (uint32 length + ASCII name), or null. */
    private static String embeddedType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length <= 0 || length > blob.length - 4) {
            return null;
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    private static RequestException malformed(String why) {
        return new RequestException(ErrorCode.MALFORMED_SSH_KEY, "malformed SSH public key: " + why);
    }
}
