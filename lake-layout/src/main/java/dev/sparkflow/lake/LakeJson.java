package dev.sparkflow.lake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: {@code LakeJson <lake.yml> <lake.json>} checks lake.yml and writes the same layout as JSON, for a jar that
 * carries no YAML parser (the launcher Lambda, whose size is budgeted). Not a copy to keep in step: it is made from
 * lake.yml on every build.
 */
public final class LakeJson {
    private LakeJson() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LakeJson <lake.yml> <lake.json>");
        }
        LakeLayout layout;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            layout = LakeLayout.load(in);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, layout.toJson() + "\n", StandardCharsets.UTF_8);
    }
}
