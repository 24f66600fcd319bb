package dev.sparkflow.devenv.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.launcher.api.InstanceView;
import dev.sparkflow.launcher.api.LauncherJson;
import dev.sparkflow.launcher.api.LauncherResponse;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The launcher as moto can hold it: a real function (role, code zip) whose answers are queued, since moto without
 * Docker never runs function code, and real EC2 instances for the answers to name.
 */
final class MotoLauncher {
    static final String FUNCTION = "sparkflow-launcher";
    static final String AMI = "ami-12c6146b";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MotoServer moto;
    private final HttpClient http = HttpClient.newHttpClient();
    final Ec2Client ec2;

    MotoLauncher(MotoServer moto) {
        this.moto = moto;
        this.ec2 = moto.configure(Ec2Client.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Switches moto's Lambda to its Docker-free backend and creates the launcher function there. */
    MotoLauncher withFunction() {
        post("/moto-api/config", Map.of("lambda", Map.of("use_docker", false)));
        try (IamClient iam = moto.configure(IamClient.builder()).region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create()).build();
             LambdaClient lambda = moto.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String role = iam.createRole(r -> r.roleName("sparkflow-launcher")
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();
            lambda.createFunction(r -> r.functionName(FUNCTION).runtime(Runtime.JAVA17).role(role)
                    .handler("dev.sparkflow.launcher.handler.LauncherHandler::handleRequest")
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(placeholderZip()))));
        }
        return this;
    }

    /** A running instance in moto's EC2, as the launcher would have started it. */
    Instance runInstance() {
        return ec2.runInstances(r -> r.imageId(AMI).instanceType("t3.large").minCount(1).maxCount(1)).instances().get(0);
    }

    /** The instance as DescribeInstances shows it now (moto fills in addresses and moves it to running). */
    Instance describe(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    /** Queues the function's next answers, in order; with none queued moto echoes the request back. */
    void answer(LauncherResponse... responses) {
        List<String> results = Arrays.stream(responses)
                .map(r -> new String(LauncherJson.write(r), StandardCharsets.UTF_8)).toList();
        post("/moto-api/static/lambda-simple/response", Map.of("results", results, "region", moto.region().id()));
    }

    /** The launcher's answer naming {@code instance} in {@code state}. */
    static LauncherResponse launched(Instance instance, String state, boolean reused) {
        return LauncherResponse.answered(new InstanceView(Profile.DEV.wireName(), instance.instanceId(), state, reused,
                null, null, "2026-11-21T18:00:00Z", "abc123",
                new InstanceView.AirflowAccess("aws ssm start-session --target " + instance.instanceId(), "http://localhost:8080"),
                null));
    }

    /** The launcher's answer for an instance it just started ({@code reused} false) or found. */
    static LauncherResponse launched(Instance instance, boolean reused) {
        return launched(instance, "pending", reused);
    }

    /** The launcher's answer when there is no dev instance. */
    static LauncherResponse none() {
        return LauncherResponse.answered(InstanceView.none(Profile.DEV));
    }

    private void post(String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(moto.motoApi(path))
                .POST(HttpRequest.BodyPublishers.ofString(json(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] placeholderZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("moto never runs this code".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
