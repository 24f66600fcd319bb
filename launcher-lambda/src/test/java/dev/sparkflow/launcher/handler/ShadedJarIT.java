package dev.sparkflow.launcher.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.io.Tags;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.emr.model.ClusterState;

/** The deployable jar, not the classes directory: proves the trimmed SDK still holds every class a request needs. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShadedJarIT {
    /**
     * Guards against regressions: 7.6 MiB today (ProGuard, then src/build/PruneUnreachableClasses.java); the goal was
     * 10 MB. A jump usually means a new SDK call or version: ask the pruner why a class stays ({@code -Dprune.why=a/b/C}).
     */
    private static final long MAX_BYTES = 8L * 1024 * 1024;

    private final MotoServer moto;
    private final LauncherFixture fixture;

    ShadedJarIT(MotoServer moto) {
        this.moto = moto;
        this.fixture = new LauncherFixture(moto);
    }

    @Test
    void the_shaded_jar_launches_reuses_reports_and_terminates_in_fresh_jvms() throws Exception {
        fixture.withInfrastructure();

        String launched = invoke("launch");
        String relaunched = invoke("launch");
        String status = invoke("status");
        String terminated = invoke("terminate");

        assertTrue(launched.contains("\"reused\":false"), launched);
        assertTrue(relaunched.contains("\"reused\":true"), relaunched);
        assertTrue(status.contains("\"state\":\"running\"") || status.contains("\"state\":\"pending\""), status);
        assertTrue(terminated.contains("\"state\":\"shutting-down\""), terminated);
        assertEquals(1, fixture.allInstances().size());
        // The lock row was taken (PutItem), given the instance (UpdateItem), read (GetItem) and released (DeleteItem).
        assertTrue(fixture.dynamo.getItem(r -> r.tableName(LauncherFixture.TABLE).consistentRead(true)
                .key(Map.of(LaunchLock.KEY, AttributeValue.builder().s("pipeline").build()))).item().isEmpty());
    }

    @Test
    void the_shaded_jar_runs_the_janitor_sweep_in_a_fresh_jvm() throws Exception {
        fixture.withInfrastructure();
        String expired = Instant.now().minus(Duration.ofHours(1)).toString();
        String instanceId = fixture.ec2.runInstances(r -> r.imageId(LauncherFixture.AMI).instanceType("t3.medium")
                        .minCount(1).maxCount(1)
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(
                                tag -> tag.key(Tags.MANAGED).value("true"),
                                tag -> tag.key(Tags.PROFILE).value("pipeline"),
                                tag -> tag.key(Tags.DEADLINE).value(expired))))
                .instances().get(0).instanceId();
        String clusterId = fixture.emr.runJobFlow(r -> r.name("sparkflow-batch").releaseLabel("emr-7.5.0")
                        .serviceRole("EMR_DefaultRole").jobFlowRole("EMR_EC2_DefaultRole")
                        // Without work and without this, moto ends the cluster at once (as EMR does with no step to run).
                        .instances(i -> i.instanceCount(1).masterInstanceType("m5.xlarge").keepJobFlowAliveWhenNoSteps(true))
                        .tags(tag -> tag.key(Tags.EMR_COMPONENT).value(Tags.EMR_BATCH),
                                tag -> tag.key(Tags.EMR_EXPIRES_AT).value(expired)))
                .jobFlowId();

        String sweep = invoke(InvokeOnce.SCHEDULED);

        assertTrue(sweep.contains("\"instancesEnded\":[{\"id\":\"" + instanceId + "\""), sweep);
        assertTrue(sweep.contains("\"clustersEnded\":[{\"id\":\"" + clusterId + "\""), sweep);
        InstanceStateName instanceState = fixture.allInstances().get(0).state().name();
        assertTrue(instanceState == InstanceStateName.SHUTTING_DOWN || instanceState == InstanceStateName.TERMINATED,
                instanceState::toString);
        ClusterState clusterState = fixture.emr.describeCluster(r -> r.clusterId(clusterId)).cluster().status().state();
        assertTrue(clusterState == ClusterState.TERMINATING || clusterState == ClusterState.TERMINATED, clusterState::toString);
    }

    @Test
    void every_sdk_service_class_and_service_provider_in_the_shaded_jar_loads_links_and_initialises() throws Exception {
        String output = run(LinkServiceClasses.class.getName(), shadedJar().toString());

        assertTrue(output.contains("linked "), output);
    }

    @Test
    void the_shaded_jar_stays_under_its_size_budget() throws IOException {
        long size = Files.size(shadedJar());

        assertTrue(size <= MAX_BYTES, "launcher-lambda.jar is " + size + " bytes, budget " + MAX_BYTES);
    }

    /** Runs {@link InvokeOnce} from the shaded jar with the function's environment; returns its stdout. */
    private String invoke(String action) throws IOException, InterruptedException {
        return run(InvokeOnce.class.getName(), action, "pipeline");
    }

    /** Runs a main class of the test classes in a fresh JVM on the shaded jar; returns its output, failing on a non-zero exit. */
    private String run(String mainClass, String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = shadedJar() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(LauncherFixture.environment());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static Path shadedJar() {
        return Path.of(System.getProperty("launcher.shadedJar", "target/launcher-lambda.jar"));
    }

    /**
     * Loads, verifies and initialises every class of the jar under software/amazon/awssdk/services/, where the build
     * removed classes, and every ServiceLoader provider the jar names: a class that names a removed one where the JVM
     * needs it fails here, not on a rare code path.
     */
    public static final class LinkServiceClasses {
        private LinkServiceClasses() {
        }

        public static void main(String[] args) throws IOException {
            List<String> failures = new ArrayList<>();
            int linked = 0;
            try (ZipFile jar = new ZipFile(args[0])) {
                for (ZipEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    List<String> classNames = new ArrayList<>();
                    if (name.startsWith("software/amazon/awssdk/services/") && name.endsWith(".class")) {
                        classNames.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    } else if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
                        // ServiceLoader fails on the first provider it cannot load.
                        String text = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                        text.lines().map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty())
                                .forEach(classNames::add);
                    }
                    for (String className : classNames) {
                        try {
                            Class.forName(className, true, LinkServiceClasses.class.getClassLoader());
                            linked++;
                        } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
                            failures.add(className + ": " + e);
                        }
                    }
                }
            }
            failures.forEach(System.out::println);
            System.out.println("linked " + linked + " classes, " + failures.size() + " failed");
            System.exit(failures.isEmpty() ? 0 : 3);
        }
    }
}
