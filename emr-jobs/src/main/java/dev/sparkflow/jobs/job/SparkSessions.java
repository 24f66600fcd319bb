package dev.sparkflow.jobs.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one place Spark sessions are built: spark-submit's settings on EMR, a quiet local[*] session otherwise. */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** Uses the master spark-submit gave; falls back to local mode with every core when run as a plain JVM. */
    public static SparkSession create(String appName) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.sql.shuffle.partitions", String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
        }
        conf.setAppName(appName)
                .set("spark.sql.session.timeZone", "UTC")
                .set("spark.sql.datetime.java8API.enabled", "true")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", KryoSetup.class.getName())
                .set("spark.sql.sources.partitionOverwriteMode", "dynamic")
                // A month-partitioned write keeps one open file per month its task holds (a few) instead of sorting
                // every row by month first; planned writes would put that sort back into the plan.
                .set("spark.sql.optimizer.plannedWrite.enabled", "false")
                .set("spark.sql.maxConcurrentOutputFileWriters", "64")
                .set("spark.sql.parquet.compression.codec", "snappy");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
