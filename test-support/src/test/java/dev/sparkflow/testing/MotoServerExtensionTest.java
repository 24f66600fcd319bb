package dev.sparkflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MotoServerExtensionTest {
    private final MotoServer moto;

    MotoServerExtensionTest(MotoServer moto) {
        this.moto = moto;
    }

    @Test
    void a_started_server_listens_on_loopback_and_logs_under_target() {
        assertEquals("127.0.0.1", moto.endpoint().getHost());
        assertTrue(Files.isRegularFile(moto.logFile()), moto.logFile().toString());
        assertTrue(moto.logFile().toString().contains("target"), moto.logFile().toString());
    }

    @Test
    void an_object_put_into_a_new_bucket_reads_back_unchanged() {
        S3Client s3 = moto.s3();
        s3.createBucket(b -> b.bucket("landing"));
        s3.putObject(b -> b.bucket("landing").key("bank/2026-01.csv"), RequestBody.fromString("date,amount\n2026-01-02,12.50\n"));

        String body = s3.getObjectAsBytes(b -> b.bucket("landing").key("bank/2026-01.csv")).asUtf8String();

        assertEquals("date,amount\n2026-01-02,12.50\n", body);
    }

    @Test
    void reset_removes_every_bucket() {
        moto.s3().createBucket(b -> b.bucket("doomed"));

        moto.reset();

        assertEquals(List.of(), moto.s3().listBuckets().buckets());
    }

    @Test
    void the_injected_server_is_the_one_for_the_whole_class(MotoServer parameter) {
        assertSame(moto, parameter);
    }

    @Test
    void configure_points_any_sdk_builder_at_the_server() {
        try (S3Client s3 = moto.configure(S3Client.builder()).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("configured"));

            assertEquals(List.of("configured"), moto.s3().listBuckets().buckets().stream().map(Bucket::name).toList());
        }
    }

    @Test
    void hadoop_s3a_options_point_at_the_server_over_plain_http_with_path_style() {
        Map<String, String> options = moto.hadoopS3aOptions();

        assertEquals(moto.endpoint().toString(), options.get("fs.s3a.endpoint"));
        assertEquals("true", options.get("fs.s3a.path.style.access"));
        assertEquals("false", options.get("fs.s3a.connection.ssl.enabled"));
        assertEquals("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider", options.get("fs.s3a.aws.credentials.provider"));
    }

    @Test
    void moto_s_own_api_is_offered_on_moto_and_refused_by_name_elsewhere() {
        if (moto.emulator() == Emulator.MOTO) {
            assertEquals(moto.endpoint().resolve("/moto-api/config"), moto.motoApi("/moto-api/config"));
        } else {
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> moto.motoApi("/moto-api/config"));
            assertTrue(refused.getMessage().startsWith("/moto-api/config is moto's own API, which "
                    + moto.emulator().id() + " does not have"), refused.getMessage());
        }
    }

    @Nested
    class In_a_nested_class {
        @Test
        void a_nested_class_shares_its_outer_class_server(MotoServer parameter) {
            assertSame(moto, parameter);
        }
    }
}
