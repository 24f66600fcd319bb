package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.jobs.model.QuarantineEntry;
import dev.sparkflow.jobs.model.Resolution;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The quarantine entries of every batch and the resolutions replays wrote beside them (quarantine/ is never
 * rewritten). Both are collected to the driver: a household's rejected lines are few, and a replay needs them all.
 */
public final class QuarantineStore {
    private final SparkSession spark;
    private final LakeFs fs;
    private final LakeLayout layout;
    private final String lake;

    public QuarantineStore(SparkSession spark, LakeFs fs, LakeLayout layout, String lake) {
        this.spark = spark;
        this.fs = fs;
        this.layout = layout;
        this.lake = lake;
    }

    /** Every quarantine entry of every batch, of every dataset files land for. */
    public List<QuarantineEntry> entries() {
        List<QuarantineEntry> entries = new ArrayList<>();
        for (LakeDataset dataset : LakeDataset.values()) {
            if (!dataset.landed()) continue;
            for (Row r : read(layout.path(lake, LakeLayout.QUARANTINE, dataset.dirName()), LakeSchemas.QUARANTINE)) {
                entries.add(entry(r));
            }
        }
        return entries;
    }

    /**
     * The keys ({@link QuarantineEntry#key()}) of the entries a replay other than {@code exceptBatch} (null: none)
     * resolved or superseded.
     */
    public Set<String> settled(String exceptBatch) {
        Set<String> keys = new HashSet<>();
        for (Row r : read(layout.zoneRoot(lake, LakeLayout.RESOLVED), LakeSchemas.QUARANTINE_RESOLUTIONS)) {
            if (!r.getString(r.fieldIndex("resolved_by_batch")).equals(exceptBatch)) keys.add(entry(r).key());
        }
        return keys;
    }

    /** Writes one replay batch's resolutions, replacing an earlier attempt of the same batch. */
    public void write(LocalDate ingestDate, String replayBatch, List<Resolution> resolutions) {
        List<Row> rows = resolutions.stream().map(LakeSchemas::row).toList();
        spark.createDataFrame(rows, LakeSchemas.QUARANTINE_RESOLUTIONS).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(layout.resolvedPath(lake, ingestDate, replayBatch));
    }

    /** Both schemas start with batch, file, sha256, line, and the entry's reason code by name. */
    private static QuarantineEntry entry(Row r) {
        return new QuarantineEntry(r.getString(0), r.getString(1), r.getString(2), r.getInt(3),
                r.getString(r.fieldIndex("reason_code")));
    }

    /** The rows under {@code root}, any depth (the folders' batch_id= is a column too: no partition discovery). */
    private List<Row> read(String root, StructType schema) {
        if (!fs.exists(root)) return List.of();
        return spark.read().schema(schema).option("recursiveFileLookup", "true").option("pathGlobFilter", "*.parquet")
                .parquet(root).collectAsList();
    }
}
