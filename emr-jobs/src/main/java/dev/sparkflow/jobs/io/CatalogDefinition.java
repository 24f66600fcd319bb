package dev.sparkflow.jobs.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Glue/Athena tables of the lake, generated from the jobs' own schemas and config/lake.yml, so the catalog
 * is never a second hand-kept copy: curated datasets and reference tables, quarantine and its resolutions, and the per-file ingest
 * reports, each with partition projection (no crawlers, no MSCK REPAIR). Terraform reads the JSON this writes.
 * {@code {lake}} in a location stands for the lake's s3:// root.
 */
public final class CatalogDefinition {
    private static final String PARQUET = "parquet", JSON_LINES = "json";
    /** The lake's root in a location template, and its partition values there (Athena fills them in). */
    private static final String LAKE = "{lake}", YEAR = "${year}", MONTH = "${month}", INGEST_DATE = "${ingest_date}";
    /** Curated years the projection covers; data outside is rejected at ingest (DATE_OUT_OF_RANGE). */
    private static final String YEARS = "1970,2099";

    private CatalogDefinition() {
    }

    public static String json(LakeLayout lake) {
        ObjectNode tables = ReportStore.JSON.createObjectNode();
        for (LakeDataset dataset : LakeDataset.values()) {
            String location = lake.path("", LakeLayout.CURATED, dataset.dirName());
            ObjectNode t = table(tables, dataset.dirName(), "Curated " + dataset.dirName() + ", partitioned by year/month",
                    location, PARQUET, LakeSchemas.curated(dataset), LakeSchemas.CURATED_PARTITIONS);
            ObjectNode p = t.putObject("parameters");
            p.put("projection.enabled", "true");
            p.put("projection.year.type", "integer").put("projection.year.range", YEARS);
            p.put("projection.month.type", "integer").put("projection.month.range", "1,12");
            p.put("storage.location.template", lake.curatedMonthPath(LAKE, dataset.dirName(), YEAR, MONTH) + "/");
        }
        table(tables, LakeLayout.ACCOUNTS, "The owner's accounts, from config/accounts.yml",
                lake.referencePath("", LakeLayout.ACCOUNTS), PARQUET, LakeSchemas.ACCOUNTS, List.of())
                .putObject("parameters");
        table(tables, LakeLayout.CATEGORIES, "Categories in rule order, from config/categories.yml",
                lake.referencePath("", LakeLayout.CATEGORIES), PARQUET, LakeSchemas.CATEGORIES, List.of())
                .putObject("parameters");
        for (LakeDataset dataset : LakeDataset.values()) {
            if (!dataset.landed()) continue;  // rows are quarantined under the dataset of the file they were read from
            String location = lake.path("", LakeLayout.QUARANTINE, dataset.dirName());
            byIngestDate(table(tables, "quarantine_" + dataset.dirName(), "Rejected " + dataset.dirName()
                    + " rows with their reason code", location, PARQUET, LakeSchemas.QUARANTINE, List.of()),
                    lake.path(LAKE, LakeLayout.QUARANTINE, dataset.dirName()));
        }
        byIngestDate(table(tables, "quarantine_resolutions", "Earlier quarantine entries a replay resolved or superseded, "
                + "by the replay's ingest date", lake.zoneRoot("", LakeLayout.RESOLVED), PARQUET,
                LakeSchemas.QUARANTINE_RESOLUTIONS, List.of()), lake.zoneRoot(LAKE, LakeLayout.RESOLVED));
        String files = lake.reportsPath("", LakeLayout.INGEST_FILES);
        ObjectNode t = tables.putObject("ingest_files");
        t.put("description", "One line per landed file and ingest run: checksum, layout, rows read/valid/quarantined");
        t.put("location", files);
        t.put("format", JSON_LINES);
        ArrayNode columns = t.putArray("columns");
        columns.addObject().put("name", "batch_id").put("type", "string");
        for (RecordComponent c : FileReport.class.getRecordComponents()) {
            columns.addObject().put("name", snake(c.getName())).put("type", hiveType(c.getGenericType()));
        }
        t.putArray("partition_keys");
        byIngestDate(t, lake.reportsPath(LAKE, LakeLayout.INGEST_FILES));
        return ReportStore.json(ReportStore.JSON.createObjectNode().set("tables", tables));
    }

    private static ObjectNode table(ObjectNode tables, String name, String description, String location, String format,
                                    StructType schema, List<String> partitionColumns) {
        ObjectNode t = tables.putObject(name);
        t.put("description", description);
        t.put("location", location);
        t.put("format", format);
        ArrayNode columns = t.putArray("columns"), partitions = t.putArray("partition_keys");
        for (StructField f : schema.fields()) {
            (partitionColumns.contains(f.name()) ? partitions : columns).addObject().put("name", f.name()).put("type", hiveType(f.dataType()));
        }
        return t;
    }

    /** Partitions by the ingest date folder under {@code template}; batch folders below it are read as part of each day. */
    private static void byIngestDate(ObjectNode t, String template) {
        ((ArrayNode) t.get("partition_keys")).addObject().put("name", "ingest_date").put("type", "date");
        ObjectNode p = t.putObject("parameters");
        p.put("projection.enabled", "true");
        p.put("projection.ingest_date.type", "date").put("projection.ingest_date.format", "yyyy-MM-dd")
                .put("projection.ingest_date.range", "2020-01-01,NOW").put("projection.ingest_date.interval", "1")
                .put("projection.ingest_date.interval.unit", "DAYS");
        p.put("storage.location.template", LakeLayout.ingestDatePath(template, INGEST_DATE) + "/");
    }

    private static String hiveType(DataType type) {
        if (type instanceof DecimalType d) return "decimal(" + d.precision() + "," + d.scale() + ")";
        return switch (type.typeName()) {
            case "string" -> "string";
            case "integer" -> "int";
            case "long" -> "bigint";
            case "date" -> "date";
            case "double" -> "double";
            case "boolean" -> "boolean";
            default -> throw new IllegalArgumentException("no Hive type for " + type);
        };
    }

    private static String hiveType(Type type) {
        if (type == String.class) return "string";
        if (type == int.class) return "int";
        if (type == long.class) return "bigint";
        if (type == boolean.class) return "boolean";
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            return "map<" + hiveType(p.getActualTypeArguments()[0]) + "," + hiveType(p.getActualTypeArguments()[1]) + ">";
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return "array<" + hiveType(p.getActualTypeArguments()[0]) + ">";
        }
        if (type == Integer.class) return "int";
        if (type instanceof Class<?> c && c.isRecord()) {
            StringJoiner fields = new StringJoiner(",", "struct<", ">");
            for (RecordComponent rc : c.getRecordComponents()) {
                fields.add(snake(rc.getName()) + ":" + hiveType(rc.getGenericType()));
            }
            return fields.toString();
        }
        throw new IllegalArgumentException("no Hive type for " + type);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
