package dev.sparkflow.jobs.job;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sparkflow.jobs.transform.CurateRow;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Kryo for the jobs' own classes: compact field serialization for the rows curate shuffles, and Java
 * serialization for records (Kryo 4, which Spark 3.5 ships, cannot rebuild a record's final fields).
 */
public final class KryoSetup implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
        kryo.register(CurateRow.class);
    }
}
