package dev.sparkflow.jobs;

import dev.sparkflow.jobs.job.KryoSetup;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One small local SparkSession per test class: local[2], UI off, 2 shuffle partitions, UTC. */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private static SparkSession session;

    public static SparkSession spark() {
        if (session == null) throw new IllegalStateException("annotate the test class with @ExtendWith(LocalSpark.class)");
        return session;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        session = SparkSession.builder().master("local[2]").appName(context.getDisplayName())
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", KryoSetup.class.getName())
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .getOrCreate();
        session.sparkContext().setLogLevel("WARN");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        session.stop();
        session = null;
    }
}
