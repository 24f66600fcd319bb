package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same jobs over an s3a:// lake on the moto S3 emulator: paths (and ignored objects) behave as on local disk. */
@WithMotoServer
@ExtendWith(LocalSpark.class)
class S3aLakeTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");

    @Test
    void ingest_and_curate_round_trip_through_an_s3a_lake(MotoServer moto) {
        S3Client s3 = moto.s3();
        s3.createBucket(b -> b.bucket("household-lake"));
        put(s3, "landing/transactions/savings/savings-2025-01.csv", LakeFixture.SAVINGS_JAN_FEB.getBytes(StandardCharsets.UTF_8));
        put(s3, "landing/transactions/savings/savings-2025-02.csv", LakeFixture.SAVINGS_FEB_MAR.getBytes(StandardCharsets.UTF_8));
        put(s3, "landing/transactions/hausbank-2025-01.csv", LakeFixture.CHECKING.getBytes(LakeFixture.CP1252));
        put(s3, "landing/transactions/", new byte[0]);
        put(s3, "landing/transactions/savings/.DS_Store", "junk".getBytes(StandardCharsets.UTF_8));
        Configuration hadoop = LocalSpark.spark().sparkContext().hadoopConfiguration();
        moto.hadoopS3aOptions().forEach(hadoop::set);
        hadoop.set("fs.s3a.impl.disable.cache", "true");

        String lake = "s3a://household-lake";
        IngestReport ingest;
        CurateReport curate;
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                .run(new IngestJob.Options(lake, "s3-batch", LakeFixture.INGEST_DATE, false))) {
            ingest = ingested.report();
            curate = new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(lake, ingested);
        }

        assertEquals(13, ingest.totals().get("rows_read"));
        assertEquals(List.of(new IngestReport.Ignored("transactions/savings/.DS_Store", ".DS_Store")), ingest.ignored(),
                "s3a lists no folder marker; the .DS_Store is ignored, not read");
        assertEquals(10, curate.datasets().get("transactions").rowsAfter());
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket("household-lake")).contents().stream()
                .map(S3Object::key).toList();
        assertTrue(keys.contains("raw/transactions/ingest_date=2026-11-21/batch_id=s3-batch/hausbank-2025-01.csv"), keys.toString());
        assertTrue(keys.contains("reports/ingest/s3-batch.json"));
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("curated/transactions/year=2025/month=1/") && k.endsWith(".parquet")));
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("quarantine/transactions/ingest_date=2026-11-21/batch_id=s3-batch/")));
        assertEquals(2, LocalSpark.spark().read().parquet(lake + "/curated/transactions")
                .where(col("is_transfer")).count());
    }

    private static void put(S3Client s3, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket("household-lake").key(key), RequestBody.fromBytes(bytes));
    }
}
