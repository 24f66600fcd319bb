package dev.sparkflow.launcher.model;

import dev.sparkflow.lake.LakeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * config/lake.yml as the build bundles it into the jar (as JSON, made from lake.yml by lake-layout's {@code LakeJson}):
 * the landing prefix and the landed objects that are not data.
 */
public final class Lake {
    /** Where pom.xml's lake-json step writes it. */
    static final String RESOURCE = "sparkflow-config/lake.json";
    /** Read when the launcher first needs it (no AWS call: a resource of the jar); a bad copy fails that event. */
    public static final LakeLayout LAYOUT = load();

    private Lake() {
    }

    private static LakeLayout load() {
        try (InputStream in = Lake.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not in the launcher jar");
            }
            return LakeLayout.loadJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
