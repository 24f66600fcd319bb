package dev.sparkflow.launcher.io;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The EC2 calls the launcher makes: run one tagged instance from the launch template, find, terminate. */
public final class Ec2Instances {
    private final Ec2Client ec2;

    public Ec2Instances(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** What to start: template, tags, market, and the token the real service uses to make the call idempotent. */
    public record LaunchSpec(String launchTemplateName, String profile, Instant deadline, String bundleVersion,
                             boolean spot, String clientToken) {
    }

    /** Starts one instance; IMDSv2 only, and an OS shutdown terminates it (never a stopped instance left billing EBS). */
    public LiveInstance run(LaunchSpec spec) {
        List<Tag> tags = List.of(
                tag(Tags.MANAGED, "true"),
                tag(Tags.PROFILE, spec.profile()),
                tag(Tags.DEADLINE, spec.deadline().toString()),
                tag(Tags.BUNDLE_VERSION, spec.bundleVersion()),
                tag("Name", "sparkflow-" + spec.profile()));
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateName(spec.launchTemplateName()).build())
                .minCount(1)
                .maxCount(1)
                .clientToken(spec.clientToken())
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpEndpoint("enabled").httpPutResponseHopLimit(2))
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
        if (spec.spot()) {
            request.instanceMarketOptions(market -> market.marketType(MarketType.SPOT)
                    .spotOptions(spot -> spot.spotInstanceType(SpotInstanceType.ONE_TIME)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)));
        }
        Instance started = ec2.runInstances(request.build()).instances().get(0);
        return view(started);
    }

    /** The instance with this id, if EC2 still knows it. */
    public Optional<LiveInstance> find(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .map(Ec2Instances::view)
                .findFirst();
    }

    /** Our pending or running instances for a profile. */
    public List<LiveInstance> aliveForProfile(String profile) {
        return ec2.describeInstancesPaginator(r -> r.filters(
                        filter("tag:" + Tags.MANAGED, "true"),
                        filter("tag:" + Tags.PROFILE, profile),
                        filter("instance-state-name", "pending", "running")))
                .reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .map(Ec2Instances::view)
                .toList();
    }

    /** An instance of ours in any state that still costs money, with what the janitor needs to judge it. */
    public record ManagedInstance(String instanceId, String profile, String state, String deadline, Instant launchTime) {
    }

    /** Every instance tagged as ours that is pending, running, stopping or stopped. */
    public List<ManagedInstance> managed() {
        return ec2.describeInstancesPaginator(r -> r.filters(
                        filter("tag:" + Tags.MANAGED, "true"),
                        filter("instance-state-name", "pending", "running", "stopping", "stopped")))
                .reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .map(instance -> new ManagedInstance(instance.instanceId(), tagValue(instance, Tags.PROFILE),
                        instance.state() == null ? "unknown" : instance.state().nameAsString(),
                        tagValue(instance, Tags.DEADLINE), instance.launchTime()))
                .toList();
    }

    /** Asks EC2 to terminate the given instances. */
    public void terminate(List<String> instanceIds) {
        if (!instanceIds.isEmpty()) {
            ec2.terminateInstances(r -> r.instanceIds(instanceIds));
        }
    }

    private static LiveInstance view(Instance instance) {
        return new LiveInstance(
                instance.instanceId(),
                instance.state() == null ? "unknown" : instance.state().nameAsString(),
                instance.privateIpAddress(),
                instance.publicIpAddress(),
                tagValue(instance, Tags.DEADLINE),
                tagValue(instance, Tags.BUNDLE_VERSION));
    }

    private static String tagValue(Instance instance, String key) {
        return instance.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
