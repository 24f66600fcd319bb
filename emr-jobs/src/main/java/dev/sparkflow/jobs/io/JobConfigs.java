package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.config.JobConfig;
import org.apache.spark.sql.SparkSession;

/** Where a job's configuration comes from: the config/ bundled in the jar, or a config/ folder on the lake's file systems. */
public final class JobConfigs {
    private JobConfigs() {
    }

    /** The config/ bundled in the jar. */
    public static JobConfig bundled() {
        return JobConfig.load(new ClasspathConfigSource());
    }

    /** The bundled config/, or the folder {@code configRoot} (local path or s3a://) when it is given. */
    public static JobConfig load(SparkSession spark, String configRoot) {
        if (configRoot == null) return bundled();
        return JobConfig.load(new HadoopConfigSource(new LakeFs(spark.sparkContext().hadoopConfiguration()), configRoot));
    }
}
