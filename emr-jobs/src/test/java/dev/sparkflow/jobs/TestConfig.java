package dev.sparkflow.jobs;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.ClasspathConfigSource;

/** The repository's config/ as the jobs see it (the build copies it onto the classpath). */
public final class TestConfig {
    private static JobConfig config;

    private TestConfig() {
    }

    public static synchronized JobConfig get() {
        if (config == null) config = JobConfig.load(new ClasspathConfigSource());
        return config;
    }
}
