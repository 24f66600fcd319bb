package dev.sparkflow.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.io.Ec2Instances.ManagedInstance;
import dev.sparkflow.launcher.io.EmrClusters.LiveCluster;
import dev.sparkflow.launcher.io.Tags;
import dev.sparkflow.launcher.service.JanitorRules.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JanitorRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final JanitorRules rules = new JanitorRules(Duration.ofHours(6), Duration.ofMinutes(60));

    private static ManagedInstance instance(String id, String deadline, Instant launched) {
        return new ManagedInstance(id, "pipeline", "running", deadline, launched);
    }

    private static LiveCluster cluster(String id, Map<String, String> tags, Instant created, Instant idleSince) {
        return new LiveCluster(id, "sparkflow-batch", idleSince == null ? "RUNNING" : "WAITING", tags, created, idleSince);
    }

    private static List<String> ids(List<Verdict> verdicts) {
        return verdicts.stream().map(Verdict::id).toList();
    }

    @Test
    void an_instance_is_ended_at_its_deadline_and_not_a_second_before() {
        List<ManagedInstance> instances = List.of(
                instance("i-due", "2026-11-21T12:00:00Z", NOW.minusSeconds(3600)),
                instance("i-late", "2026-11-21T06:00:00Z", NOW.minusSeconds(7 * 3600)),
                instance("i-young", "2026-11-21T12:00:01Z", NOW.minusSeconds(60)));

        assertEquals(List.of("i-due", "i-late"), ids(rules.overdueInstances(instances, NOW)));
    }

    @Test
    void of_several_live_instances_of_a_profile_all_but_the_newest_are_ended_and_other_profiles_are_left_alone() {
        List<ManagedInstance> instances = List.of(
                new ManagedInstance("i-old", "pipeline", "running", null, NOW.minusSeconds(600)),
                new ManagedInstance("i-new", "pipeline", "pending", null, NOW.minusSeconds(5)),
                new ManagedInstance("i-mid", "pipeline", "running", null, NOW.minusSeconds(60)),
                new ManagedInstance("i-stopped", "pipeline", "stopped", null, NOW.minusSeconds(900)),
                new ManagedInstance("i-dev", "dev", "running", null, NOW.minusSeconds(900)),
                new ManagedInstance("i-untagged", null, "running", null, NOW.minusSeconds(900)),
                new ManagedInstance("i-untagged-2", null, "running", null, NOW.minusSeconds(9)));

        List<Verdict> verdicts = rules.duplicateInstances(instances);

        assertEquals(List.of("i-mid", "i-old"), ids(verdicts));
        assertTrue(verdicts.get(0).reason().contains("i-new"), verdicts.get(0).reason());
    }

    @Test
    void two_live_instances_launched_in_the_same_second_keep_one_whatever_order_ec2_lists_them() {
        ManagedInstance a = new ManagedInstance("i-a", "pipeline", "running", null, NOW);
        ManagedInstance b = new ManagedInstance("i-b", "pipeline", "running", null, NOW);

        assertEquals(List.of("i-a"), ids(rules.duplicateInstances(List.of(a, b))));
        assertEquals(List.of("i-a"), ids(rules.duplicateInstances(List.of(b, a))));
    }

    @Test
    void an_instance_without_a_readable_deadline_is_judged_by_its_launch_time() {
        List<ManagedInstance> instances = List.of(
                instance("i-edited-old", "tomorrow", NOW.minus(Duration.ofHours(6))),
                instance("i-missing-young", null, NOW.minus(Duration.ofHours(5).plusMinutes(59))),
                instance("i-missing-old", "", NOW.minus(Duration.ofHours(7))));

        List<Verdict> verdicts = rules.overdueInstances(instances, NOW);
        assertEquals(List.of("i-edited-old", "i-missing-old"), ids(verdicts));
        assertTrue(verdicts.get(0).reason().contains("no readable deadline"), verdicts.get(0).reason());
    }

    @Test
    void a_deadline_tag_beyond_the_maximum_lifetime_buys_no_more_than_the_maximum() {
        List<ManagedInstance> instances = List.of(
                instance("i-forever", "2099-01-01T00:00:00Z", NOW.minus(Duration.ofHours(6))),
                instance("i-forever-young", "2099-01-01T00:00:00Z", NOW.minus(Duration.ofHours(5).plusMinutes(59))),
                instance("i-honest", "2026-11-21T12:30:00Z", NOW.minus(Duration.ofHours(5).plusMinutes(30))));

        List<Verdict> verdicts = rules.overdueInstances(instances, NOW);
        assertEquals(List.of("i-forever"), ids(verdicts));
        assertTrue(verdicts.get(0).reason().contains("beyond the maximum 6 h"), verdicts.get(0).reason());
    }

    @Test
    void a_cluster_expiry_beyond_the_maximum_lifetime_buys_no_more_than_the_maximum() {
        Map<String, String> forever = Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH, Tags.EMR_EXPIRES_AT, "2099-01-01T00:00:00Z");
        List<LiveCluster> clusters = List.of(
                cluster("j-forever", forever, NOW.minus(Duration.ofHours(6)), null),
                cluster("j-forever-young", forever, NOW.minus(Duration.ofHours(5)), null));

        assertEquals(List.of("j-forever"), ids(rules.clustersToEnd(clusters, NOW)));
    }

    @Test
    void a_cluster_that_is_not_ours_is_never_touched_however_old_or_idle() {
        List<LiveCluster> clusters = List.of(
                cluster("j-theirs", Map.of("Project", "other"), NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2))),
                cluster("j-almost", Map.of(Tags.EMR_COMPONENT, "emr-interactive", Tags.EMR_EXPIRES_AT, "2026-11-20T00:00:00Z"),
                        NOW.minus(Duration.ofDays(1)), null));

        assertEquals(List.of(), rules.clustersToEnd(clusters, NOW));
    }

    @Test
    void our_cluster_past_its_expiry_is_ended_even_while_busy() {
        LiveCluster busy = cluster("j-expired", Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH, Tags.EMR_EXPIRES_AT, "2026-11-21T11:59:59Z"),
                NOW.minus(Duration.ofHours(4)), null);

        List<Verdict> verdicts = rules.clustersToEnd(List.of(busy), NOW);
        assertEquals(List.of("j-expired"), ids(verdicts));
        assertTrue(verdicts.get(0).reason().contains("expiry"));
    }

    @Test
    void our_cluster_waiting_idle_is_ended_after_the_idle_limit_only() {
        Map<String, String> ours = Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH, Tags.EMR_EXPIRES_AT, "2026-11-21T16:00:00Z");
        List<LiveCluster> clusters = List.of(
                cluster("j-idle-long", ours, NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofMinutes(60))),
                cluster("j-idle-short", ours, NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofMinutes(59))),
                cluster("j-working", ours, NOW.minus(Duration.ofHours(2)), null));

        assertEquals(List.of("j-idle-long"), ids(rules.clustersToEnd(clusters, NOW)));
    }

    @Test
    void our_cluster_without_a_readable_expiry_lives_at_most_the_maximum_lifetime() {
        Map<String, String> noExpiry = Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH);
        List<LiveCluster> clusters = List.of(
                cluster("j-old", noExpiry, NOW.minus(Duration.ofHours(6)), null),
                cluster("j-new", noExpiry, NOW.minus(Duration.ofHours(5)), null));

        assertEquals(List.of("j-old"), ids(rules.clustersToEnd(clusters, NOW)));
    }
}
