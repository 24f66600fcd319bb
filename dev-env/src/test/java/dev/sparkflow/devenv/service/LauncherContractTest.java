package dev.sparkflow.devenv.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.devenv.aws.Ec2Instances;
import dev.sparkflow.devenv.aws.LauncherClient;
import dev.sparkflow.devenv.aws.LauncherTransport;
import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import dev.sparkflow.launcher.api.InstanceView;
import dev.sparkflow.launcher.handler.LauncherHandler;
import dev.sparkflow.launcher.io.AwsClients;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.emr.EmrClient;

/**
 * The contract between the CLI and the launcher: dev-env's real client path (DevEnvService over LauncherClient) against
 * the real LauncherHandler in-process, on moto's EC2 and DynamoDB. The transport stands in for the Lambda runtime,
 * which hands the handler a plain map of the request JSON and writes its returned map back as JSON.
 */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LauncherContractTest {
    private static final String TEMPLATE = "sparkflow-contract";
    private static final String LOCK_TABLE = "sparkflow-contract-lock";
    private static final String BUNDLE_VERSION = "2026.12.07-contract";
    private static final String CALLER_CIDR = "203.0.113.7/32";
    private static final UpOptions OVER_SSM = new UpOptions(CALLER_CIDR, true, Duration.ofSeconds(30), Duration.ofMillis(100), 22);

    private final MotoServer moto;
    private final Ec2Client ec2;
    private final DynamoDbClient dynamo;
    private final EmrClient emr;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private DevEnvService service;

    @TempDir
    Path ssh;

    LauncherContractTest(MotoServer moto) {
        this.moto = moto;
        ec2 = moto.configure(Ec2Client.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        dynamo = moto.configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        emr = moto.configure(EmrClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** What Terraform creates for the launcher (template, dev security group, lock table), and the CLI's service on it. */
    @BeforeEach
    void launcherOnMoto() {
        String devGroup = ec2.createSecurityGroup(r -> r.groupName("sparkflow-dev").description("dev instance")).groupId();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(TEMPLATE)
                .launchTemplateData(d -> d.imageId("ami-12c6146b").instanceType("t3.large").securityGroupIds(devGroup)));
        dynamo.createTable(r -> r.tableName(LOCK_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(LaunchLock.KEY).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(LaunchLock.KEY).keyType(KeyType.HASH)));
        Map<String, String> environment = Map.of(
                LauncherConfig.LAUNCH_TEMPLATE, TEMPLATE,
                LauncherConfig.LOCK_TABLE, LOCK_TABLE,
                LauncherConfig.BUNDLE_VERSION, BUNDLE_VERSION,
                LauncherConfig.REGION, moto.region().id(),
                LauncherConfig.ENV_NAME, "contract",
                LauncherConfig.ARTIFACTS_BUCKET, "sparkflow-artifacts-contract",
                LauncherConfig.LAKE_BUCKET, "sparkflow-lake-contract",
                LauncherConfig.DEV_SECURITY_GROUP, devGroup);
        LauncherHandler handler = new LauncherHandler(environment, new AwsClients(ec2, dynamo, emr), Clock.systemUTC());
        service = new DevEnvService(new LauncherClient(new InProcess(handler)), new Ec2Instances(ec2),
                (host, port, timeout) -> false, Platform.load(), ssh, new PrintStream(progress, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }

    @AfterEach
    void closeClients() {
        ec2.close();
        dynamo.close();
        emr.close();
    }

    @Test
    void up_status_and_down_go_through_the_real_handler_and_every_field_arrives() throws IOException {
        DevEnvService.Connection up = service.up(OVER_SSM);

        InstanceView launched = up.launcher();
        assertTrue(launched.hasInstance(), launched.toString());
        assertEquals("dev", launched.profile());
        assertEquals(up.instance().instanceId(), launched.instanceId());
        assertFalse(launched.reused());
        assertEquals(BUNDLE_VERSION, launched.bundleVersion());
        assertNotNull(launched.deadline(), launched.toString());
        assertNotNull(launched.privateAddress(), launched.toString());
        assertEquals("http://localhost:8080", launched.airflow().url());
        assertTrue(launched.airflow().portForwardCommand().contains("--target " + launched.instanceId()), launched.toString());
        // The request's optional fields reached the launcher under the names it reads.
        assertEquals(CALLER_CIDR, launched.sshAllowedFrom());
        String publicKey = Files.readString(ssh.resolve("sparkflow-dev_ed25519.pub")).strip();
        assertTrue(userData(launched.instanceId()).contains("ssh_public_key='" + publicKey + "'"), "the key is in the user-data");
        assertTrue(Files.readString(ssh.resolve("config")).contains("HostName " + launched.instanceId()));

        InstanceView status = service.status();
        assertEquals(launched.instanceId(), status.instanceId());
        assertEquals(launched.deadline(), status.deadline());
        assertEquals(BUNDLE_VERSION, status.bundleVersion());
        assertTrue(service.up(OVER_SSM).launcher().reused(), "a second up finds the same instance");

        service.down();
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("Terminating instance " + launched.instanceId()));
        assertFalse(service.status().hasInstance(), "no dev instance after down");
        assertEquals("none", service.status().state());
    }

    @Test
    void a_refusal_reaches_the_cli_with_the_launchers_code() {
        UpOptions wideOpen = new UpOptions("10.0.0.0/8", true, Duration.ofSeconds(5), Duration.ofMillis(100), 22);

        DevEnvException refused = assertThrows(DevEnvException.class, () -> service.up(wideOpen));

        assertEquals(Failure.LAUNCHER_REFUSED, refused.failure());
        assertTrue(refused.getMessage().startsWith("the launcher refused the launch request: malformed_cidr: "),
                refused.getMessage());
    }

    /** The boot script the instance was started with, as cloud-init unpacks it. */
    private String userData(String instanceId) {
        String encoded = ec2.describeInstanceAttribute(r -> r.instanceId(instanceId).attribute("userData")).userData().value();
        try (GZIPInputStream unzip = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            return new String(unzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handler called the way the Lambda Java runtime calls it: JSON to a map, the returned map back to JSON. */
    private record InProcess(LauncherHandler handler) implements LauncherTransport {
        private static final ObjectMapper RUNTIME = new ObjectMapper();

        @Override
        public String target() {
            return "in-process LauncherHandler";
        }

        @Override
        public byte[] invoke(byte[] request) {
            try {
                Map<String, Object> event = RUNTIME.readValue(request, new TypeReference<Map<String, Object>>() {
                });
                return RUNTIME.writeValueAsBytes(handler.handleRequest(event, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
