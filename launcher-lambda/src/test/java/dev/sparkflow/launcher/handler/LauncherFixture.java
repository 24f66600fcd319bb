package dev.sparkflow.launcher.handler;

import dev.sparkflow.launcher.io.AwsClients;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.io.Tags;
import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.emr.EmrClient;

/** What Terraform will create (launch template, lock table), created in moto, plus clients and a handler on them. */
final class LauncherFixture {
    static final String TEMPLATE = "sparkflow-launcher-test";
    static final String TABLE = "sparkflow-launch-lock";
    static final String AMI = "ami-12c6146b";

    final Ec2Client ec2;
    final DynamoDbClient dynamo;
    final EmrClient emr;

    LauncherFixture(MotoServer moto) {
        ec2 = moto.configure(Ec2Client.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        dynamo = moto.configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        emr = moto.configure(EmrClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Creates the launch template and the lock table. */
    LauncherFixture withInfrastructure() {
        ec2.createLaunchTemplate(r -> r.launchTemplateName(TEMPLATE)
                .launchTemplateData(d -> d.imageId(AMI).instanceType("t3.medium")));
        dynamo.createTable(r -> r.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(LaunchLock.KEY).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(LaunchLock.KEY).keyType(KeyType.HASH)));
        return this;
    }

    /** The complete configuration the function gets from Terraform. */
    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(LauncherConfig.LAUNCH_TEMPLATE, TEMPLATE);
        env.put(LauncherConfig.LOCK_TABLE, TABLE);
        env.put(LauncherConfig.BUNDLE_VERSION, "2026.11.21-test");
        env.put(LauncherConfig.REGION, "us-east-1");
        env.put(LauncherConfig.ENV_NAME, "test");
        env.put(LauncherConfig.ARTIFACTS_BUCKET, "sparkflow-artifacts-test");
        env.put(LauncherConfig.LAKE_BUCKET, "sparkflow-lake-test");
        return env;
    }

    LauncherHandler handler() {
        return handler(environment());
    }

    LauncherHandler handler(Map<String, String> environment) {
        return handler(environment, Clock.systemUTC());
    }

    /** A handler whose clock is {@code clock}: the janitor judges deadlines by it. */
    LauncherHandler handler(Map<String, String> environment, Clock clock) {
        return new LauncherHandler(environment, new AwsClients(ec2, dynamo, emr), clock);
    }

    /** The boot script an instance was started with, decoded and unpacked as cloud-init does. */
    String userData(String instanceId) {
        String encoded = ec2.describeInstanceAttribute(r -> r.instanceId(instanceId).attribute("userData")).userData().value();
        try (var unzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(encoded)))) {
            return new String(unzip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every instance moto knows, in any state. */
    List<Instance> allInstances() {
        return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    /** Instances tagged as ours for a profile that are pending or running. */
    List<Instance> aliveInstances(String profile) {
        return ec2.describeInstances(r -> r.filters(
                        f -> f.name("tag:" + Tags.PROFILE).values(profile),
                        f -> f.name("instance-state-name").values("pending", "running")))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    static Map<String, Object> request(String action, String profile) {
        Map<String, Object> request = new HashMap<>();
        request.put("action", action);
        request.put("profile", profile);
        return request;
    }
}
