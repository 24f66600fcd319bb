package dev.sparkflow.launcher.handler;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Well-formed OpenSSH public key bodies for tests (the wire format: length-prefixed type, then key bytes). */
final class SshKeys {
    private SshKeys() {
    }

    /** The base64 body of an ed25519 public key (32 key bytes of a fixed pattern). */
    static String ed25519Body() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(32);
            for (int i = 0; i < 32; i++) {
                out.writeByte(i);
            }
            out.flush();
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
