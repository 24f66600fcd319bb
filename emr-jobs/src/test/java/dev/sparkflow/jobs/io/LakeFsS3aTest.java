package dev.sparkflow.jobs.io;

import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * S3 keeps a key such as {@code landing/../reports/x} as written, but s3a lists it under a resolved path outside
 * landing/: such an object is no landed file (reading that path would read another object of the lake).
 */
@WithMotoServer
class LakeFsS3aTest {

    @Test
    void an_object_whose_key_climbs_out_of_landing_is_not_listed_as_landed(MotoServer moto) {
        S3Client s3 = moto.s3();
        s3.createBucket(b -> b.bucket("climb-lake"));
        for (String key : List.of("landing/transactions/ok.csv", "landing/../x.csv", "landing/transactions/../../reports/r.json",
                "reports/r.json")) {
            s3.putObject(b -> b.bucket("climb-lake").key(key), RequestBody.fromString("a,b\n"));
        }
        Configuration conf = new Configuration();
        moto.hadoopS3aOptions().forEach(conf::set);
        conf.set("fs.s3a.impl.disable.cache", "true");

        List<LakeFs.Found> found = new LakeFs(conf).listFiles("s3a://climb-lake/landing");

        assertEquals(List.of("transactions/ok.csv"), found.stream().map(LakeFs.Found::relative).toList());
        assertEquals("s3a://climb-lake/landing/transactions/ok.csv", found.get(0).path());
    }
}
