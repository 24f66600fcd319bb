package dev.sparkflow.devenv.sshconfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The user's ssh config file, edited only between our markers: a backup first, then an atomic replace.
 *
 * <p>A config that cannot be read or edited safely raises {@link SshConfigException} and is left byte-identical.
 */
public final class SshConfigFile {
    /** Suffix of the copy taken before each change, beside the config. */
    public static final String BACKUP_SUFFIX = ".sparkflow.bak";
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;
    private final String alias;

    /** The config at {@code path} (usually ~/.ssh/config), whose block is for host {@code alias}. */
    public SshConfigFile(Path path, String alias) {
        this.path = path;
        this.alias = alias;
    }

    /** What an edit did. */
    public enum Outcome { WRITTEN, UNCHANGED }

    /** Writes (or replaces) our block for {@code entry}. */
    public Outcome writeBlock(HostEntry entry) {
        return edit(document -> document.withBlock(entry));
    }

    /** Removes our block, if there is one. */
    public Outcome removeBlock() {
        return edit(SshConfigDocument::withoutBlock);
    }

    /** Throws {@link SshConfigException} now if the config could not be edited later; reads only. */
    public void check() {
        Path target = target();
        if (Files.exists(target)) {
            SshConfigDocument.parse(read(target), alias);
        }
    }

    /** The instance id our current block was written for, if any. */
    public Optional<String> blockInstanceId() {
        Path target = target();
        return Files.exists(target) ? SshConfigDocument.parse(read(target), alias).blockInstanceId() : Optional.empty();
    }

    /** The backup file of the config. */
    public Path backup() {
        Path target = target();
        return target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
    }

    private Outcome edit(Function<SshConfigDocument, String> change) {
        Path target = target();
        boolean exists = Files.exists(target);
        String before = exists ? read(target) : "";
        String after = change.apply(SshConfigDocument.parse(before, alias));
        if (after.equals(before)) {
            return Outcome.UNCHANGED;
        }
        try {
            Path directory = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory)) {
                createPrivateDirectory(directory);
            }
            Set<PosixFilePermission> mode = POSIX && exists ? Files.getPosixFilePermissions(target) : PRIVATE_FILE;
            if (exists) {
                writeAtomically(backup(), before.getBytes(StandardCharsets.UTF_8), PRIVATE_FILE);
            }
            writeAtomically(target, after.getBytes(StandardCharsets.UTF_8), mode);
        } catch (IOException e) {
            throw new SshConfigException("could not write " + target + " (it is unchanged): " + e.getMessage(), e);
        }
        return Outcome.WRITTEN;
    }

    /** The file to change: a symlinked config (dotfile managers) is edited where it points, not replaced. */
    private Path target() {
        if (!Files.isSymbolicLink(path)) {
            return path;
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new SshConfigException(path + " is a symbolic link to a file that cannot be reached: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SshConfigException(file + " is not UTF-8 text; it was left untouched", e);
        } catch (IOException e) {
            throw new SshConfigException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Temp file in the same directory, flushed to disk, then renamed over the target: readers never see half a file. */
    static void writeAtomically(Path target, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (POSIX) {
                Files.setPosixFilePermissions(temporary, mode);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    /** Makes the rename itself durable; only POSIX systems can open a directory for that. */
    private static void syncDirectory(Path directory) throws IOException {
        if (POSIX) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** Creates {@code directory} (e.g. ~/.ssh) with mode 0700, as ssh expects. */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (POSIX) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
            Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY);
        } else {
            Files.createDirectories(directory);
        }
    }
}
