package dev.sparkflow.devenv.keys;

import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** The dedicated key pair ({@code <dir>/<name>} and {@code .pub}): reused when present, generated when absent. */
public record SshKeyPair(Path privateKey, Path publicKey, String publicKeyLine, boolean created) {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** The pair named {@code name} in {@code directory}, generating it (with {@code comment}) if neither half exists. */
    public static SshKeyPair ensure(Path directory, String name, String comment) {
        Path privateKey = directory.resolve(name);
        Path publicKey = directory.resolve(name + ".pub");
        boolean hasPrivate = Files.exists(privateKey);
        boolean hasPublic = Files.exists(publicKey);
        try {
            if (hasPrivate && hasPublic) {
                if (POSIX && !PRIVATE.containsAll(Files.getPosixFilePermissions(privateKey))) {
                    Files.setPosixFilePermissions(privateKey, PRIVATE); // ssh refuses a key others can read.
                }
                return new SshKeyPair(privateKey, publicKey, readPublicLine(publicKey), false);
            }
            if (hasPrivate || hasPublic) {
                throw new DevEnvException(Failure.KEY_PROBLEM, "only one half of the key pair exists ("
                        + (hasPrivate ? privateKey : publicKey) + "); restore the other half, or delete it to get a new pair");
            }
            if (!Files.isDirectory(directory)) {
                if (POSIX) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(directory);
                }
            }
            OpenSshEd25519 generated = OpenSshEd25519.generate(comment);
            writeNew(privateKey, generated.privateKeyFile(), PRIVATE);
            writeNew(publicKey, generated.publicKeyLine(), PUBLIC);
            return new SshKeyPair(privateKey, publicKey, generated.publicKeyLine().strip(), true);
        } catch (IOException e) {
            throw new DevEnvException(Failure.KEY_PROBLEM, "could not set up the key pair " + privateKey + ": " + e.getMessage(), e);
        }
    }

    private static String readPublicLine(Path publicKey) throws IOException {
        List<String> lines = Files.readAllLines(publicKey, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 1 || !lines.get(0).startsWith("ssh-ed25519 ")) {
            throw new DevEnvException(Failure.KEY_PROBLEM, publicKey + " is not one ssh-ed25519 public key line;"
                    + " delete both halves of the pair to get a new one");
        }
        return lines.get(0).strip();
    }

    /** Creates the file with its mode from the start (never readable by others, not even for a moment). */
    private static void writeNew(Path file, String content, Set<PosixFilePermission> mode) throws IOException {
        try {
            if (POSIX) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
                Files.setPosixFilePermissions(file, mode);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new DevEnvException(Failure.KEY_PROBLEM, file + " appeared while the key was being generated; run again", e);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
