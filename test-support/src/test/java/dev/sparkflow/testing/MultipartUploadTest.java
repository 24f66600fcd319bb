package dev.sparkflow.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MultipartUploadTest {
    private static final int PART_SIZE = 5 * 1024 * 1024; // S3's minimum for every part but the last

    @Test
    void a_multipart_upload_through_sdk_v2_reassembles_its_parts_in_order(MotoServer moto) {
        S3Client s3 = moto.s3();
        s3.createBucket(b -> b.bucket("raw"));
        byte[][] parts = {filled(PART_SIZE, (byte) 'a'), filled(PART_SIZE, (byte) 'b'), filled(1024, (byte) 'c')};

        String uploadId = s3.createMultipartUpload(b -> b.bucket("raw").key("big.bin")).uploadId();
        List<CompletedPart> completed = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            int partNumber = i + 1;
            String eTag = s3.uploadPart(b -> b.bucket("raw").key("big.bin").uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(parts[i])).eTag();
            completed.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket("raw").key("big.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed)));

        byte[] stored = s3.getObjectAsBytes(b -> b.bucket("raw").key("big.bin")).asByteArray();
        assertEquals(2 * PART_SIZE + 1024, stored.length);
        assertArrayEquals(concat(parts), stored);
    }

    private static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] concat(byte[][] parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
