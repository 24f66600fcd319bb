package dev.sparkflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.model.Bucket;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MotoServerResetTest {

    @Nested
    @WithMotoServer
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class With_the_default_settings {
        @Test
        @Order(1)
        void a_first_test_leaves_a_bucket_behind(MotoServer moto) {
            moto.s3().createBucket(b -> b.bucket("left-behind"));
        }

        @Test
        @Order(2)
        void the_next_test_starts_from_an_empty_emulator(MotoServer moto) {
            assertEquals(List.of(), moto.s3().listBuckets().buckets());
        }
    }

    @Nested
    @WithMotoServer(resetBeforeEach = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class With_reset_before_each_off {
        @Test
        @Order(1)
        void a_first_test_leaves_a_bucket_behind(MotoServer moto) {
            moto.s3().createBucket(b -> b.bucket("kept"));
        }

        @Test
        @Order(2)
        void the_next_test_still_sees_it(MotoServer moto) {
            assertEquals(List.of("kept"), moto.s3().listBuckets().buckets().stream().map(Bucket::name).toList());
        }
    }
}
