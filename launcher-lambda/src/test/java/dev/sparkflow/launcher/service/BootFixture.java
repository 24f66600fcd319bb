package dev.sparkflow.launcher.service;

import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.model.Lake;
import dev.sparkflow.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;

/** What the deploy workflow and Terraform leave in S3 and SSM before a boot, created in moto. */
final class BootFixture {
    static final String ENV = "test";
    static final String ARTIFACTS = "sparkflow-artifacts-test";
    static final String LAKE = "sparkflow-lake-test";
    static final String VERSION = "0a1b2c3";
    static final String BUNDLE_KEY = "bundles/" + VERSION + "/sparkflow-airflow-bundle.zip";
    static final String COMPOSE_KEY = "tools/docker-compose/2.40.3/docker-compose-linux-x86_64";
    /** moto's account in us-east-1: the only registry the instance pulls from. */
    static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    static final String AIRFLOW_IMAGE = REGISTRY + "/sparkflow-" + ENV + "-airflow@sha256:"
            + "89abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567";
    static final String POSTGRES_IMAGE = REGISTRY + "/sparkflow-" + ENV + "-postgres@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    /** The dashboards' image: only the dev instance pulls it. */
    static final String SUPERSET_IMAGE = REGISTRY + "/sparkflow-" + ENV + "-superset@sha256:"
            + "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    static final String COMPOSE_FILE = "name: sparkflow\nservices: {}\n";
    static final byte[] COMPOSE_PLUGIN = "#!/bin/sh\necho 'Docker Compose version v2.40.3'\n".getBytes(StandardCharsets.UTF_8);
    static final UserData.AirflowEnv AIRFLOW = new UserData.AirflowEnv(
            "s3://sparkflow-logs-test/airflow/logs", "s3://sparkflow-athena-test/dbt/", "s3://sparkflow-athena-test/marts/",
            "sparkflow");

    final MotoServer moto;
    final UserDataSandbox sandbox;
    final byte[] bundle = bundleZip(imagesJson(AIRFLOW_IMAGE, POSTGRES_IMAGE, SUPERSET_IMAGE));
    /** The queue subscribed to the alerts topic (a new one per fixture: the topic is shared by the tests). */
    String alertsQueueUrl;

    BootFixture(MotoServer moto, UserDataSandbox sandbox) {
        this.moto = moto;
        this.sandbox = sandbox;
    }

    /** Buckets, the bundle and Compose plugin with their SSM pointers, and the Airflow SecureStrings. */
    BootFixture seeded() {
        moto.s3().createBucket(r -> r.bucket(ARTIFACTS));
        moto.s3().createBucket(r -> r.bucket(LAKE));
        put(ARTIFACTS, BUNDLE_KEY, bundle);
        put(ARTIFACTS, COMPOSE_KEY, COMPOSE_PLUGIN);
        pointer("/sparkflow/" + ENV + "/bundle/current", BUNDLE_KEY, sha256(bundle), VERSION);
        pointer("/sparkflow/" + ENV + "/tools/compose", COMPOSE_KEY, sha256(COMPOSE_PLUGIN), "2.40.3");
        // The alerts topic, named to each profile's Airflow as a variable, with a queue that shows what reached it.
        String topic = sandbox.aws("sns", "create-topic", "--name", "sparkflow-alerts-test", "--query", "TopicArn",
                "--output", "text").strip();
        alertsQueueUrl = sqs("create-queue", "--queue-name", "alerts-" + UUID.randomUUID(), "--query", "QueueUrl",
                "--output", "text").strip();
        String queueArn = sqs("get-queue-attributes", "--queue-url", alertsQueueUrl, "--attribute-names", "QueueArn",
                "--query", "Attributes.QueueArn", "--output", "text").strip();
        sandbox.aws("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", queueArn);
        // Each profile's Airflow has its own tree (config/platform.yml airflow_prefix).
        for (Profile profile : Profile.values()) {
            sandbox.aws("ssm", "put-parameter", "--overwrite", "--type", "String", "--name", "/sparkflow/" + ENV + "/"
                    + profile.wireName() + "/airflow/variables/sparkflow_alert_topic_arn", "--value", topic);
            for (String name : UserData.AIRFLOW_SECRETS) {
                sandbox.aws("ssm", "put-parameter", "--type", "SecureString", "--name",
                        "/sparkflow/" + ENV + "/" + profile.wireName() + "/airflow/" + name, "--value", secretValue(name));
            }
        }
        // The dashboards' secrets exist for dev only (config/platform.yml superset_prefix).
        for (String name : UserData.SUPERSET_SECRETS) {
            sandbox.aws("ssm", "put-parameter", "--type", "SecureString", "--name",
                    "/sparkflow/" + ENV + "/dev/superset/" + name, "--value", secretValue("superset-" + name));
        }
        return this;
    }

    /** {@code aws sqs ...} against moto: the CLI's SQS client ignores AWS_ENDPOINT_URL, so the endpoint is explicit. */
    String sqs(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "--endpoint-url";
        command[1] = moto.endpoint().toString();
        command[2] = "sqs";
        System.arraycopy(args, 0, command, 3, args.length);
        return sandbox.aws(command);
    }

    /** The SecureString value of one Airflow secret (quotes and dollars included on purpose). */
    static String secretValue(String name) {
        return "s3cr3t-" + name + "-$HOME 'q' \"dq\"";
    }

    /** Writes the bundle pointer JSON the deploy workflow would write. */
    void pointer(String parameter, String key, String sha256, String version) {
        String json = "{\"bucket\":\"" + ARTIFACTS + "\",\"key\":\"" + key + "\",\"sha256\":\"" + sha256
                + "\",\"version\":\"" + version + "\"}";
        sandbox.aws("ssm", "put-parameter", "--overwrite", "--type", "String", "--name", parameter, "--value", json);
    }

    void put(String bucket, String key, byte[] body) {
        moto.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    /** Settings as the launcher renders them for {@code profile}. */
    static UserData.Settings settings(Profile profile) {
        return new UserData.Settings("us-east-1", ENV, profile, ARTIFACTS, LAKE, Lake.LAYOUT.landingKeyPrefix(), AIRFLOW,
                null, UserData.DEFAULT_IDLE_MINUTES, UserData.DEFAULT_MAX_LIFETIME_HOURS, UserData.DEFAULT_AIRFLOW_PORT,
                null, null);
    }

    /** A copy of {@code s} with another bundle, deadline and SSH key. */
    static UserData.Settings with(UserData.Settings s, UserData.Bundle bundle, Instant deadline, String sshKey) {
        return new UserData.Settings(s.region(), s.envName(), s.profile(), s.artifactsBucket(), s.lakeBucket(),
                s.landingPrefix(), s.airflow(), bundle, s.idleMinutes(), s.maxLifetimeHours(), s.airflowPort(), deadline,
                sshKey);
    }

    /** The manifest's {@code image} object naming three references ({@code null} for none, as build_bundle writes it). */
    static String imagesJson(String airflow, String postgres, String superset) {
        return "{\"base\":\"apache/airflow:3.3.2-python3.11\",\"airflow\":" + quoted(airflow) + ",\"postgres\":"
                + quoted(postgres) + ",\"superset\":" + quoted(superset) + "}";
    }

    /** The same with the deployed Superset image (what the pipeline ignores). */
    static String imagesJson(String airflow, String postgres) {
        return imagesJson(airflow, postgres, SUPERSET_IMAGE);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /** Replaces the deployed bundle (and its SSM pointer) with one whose manifest has {@code imageJson}. */
    void deployBundleWithImages(String imageJson) {
        byte[] other = bundleZip(imageJson);
        put(ARTIFACTS, BUNDLE_KEY, other);
        pointer("/sparkflow/" + ENV + "/bundle/current", BUNDLE_KEY, sha256(other), VERSION);
    }

    /** A small bundle with the real layout: manifest.json at the top, the Compose project under airflow/. */
    static byte[] bundleZip(String imageJson) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "manifest.json", "{\"version\":\"" + VERSION + "\",\"image\":" + imageJson + "}\n");
            entry(zip, "airflow/docker-compose.yml", COMPOSE_FILE);
            entry(zip, "airflow/dags/sparkflow_pipeline.py", "# the DAG\n");
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 body of a well-formed ed25519 public key (the wire format: length-prefixed type, then 32 bytes). */
    static String ed25519Body() {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32).putInt(type.length).put(type).putInt(32);
        for (int i = 0; i < 32; i++) {
            blob.put((byte) i);
        }
        return Base64.getEncoder().encodeToString(blob.array());
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
