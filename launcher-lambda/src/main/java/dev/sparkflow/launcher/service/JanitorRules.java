package dev.sparkflow.launcher.service;

import dev.sparkflow.launcher.io.EmrClusters.LiveCluster;
import dev.sparkflow.launcher.io.Ec2Instances.ManagedInstance;
import dev.sparkflow.launcher.io.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Which of our instances and clusters must end now, and why; pure, so every rule is tested without AWS. */
public final class JanitorRules {
    private final Duration maxLifetime;
    private final Duration emrIdle;

    /**
     * @param maxLifetime an instance or cluster without a readable deadline lives at most this long
     * @param emrIdle     a cluster of ours waiting with nothing to do for this long is ended
     */
    public JanitorRules(Duration maxLifetime, Duration emrIdle) {
        this.maxLifetime = maxLifetime;
        this.emrIdle = emrIdle;
    }

    /** A resource to end and the reason, for the response and the log. */
    public record Verdict(String id, String reason) {
    }

    /**
     * Instances past their deadline tag (or, without a readable one, older than the maximum lifetime); a deadline
     * later than launch time plus the maximum lifetime counts only up to that.
     */
    public List<Verdict> overdueInstances(List<ManagedInstance> instances, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        for (ManagedInstance instance : instances) {
            Optional<Instant> deadline = parse(instance.deadline());
            Instant cap = instance.launchTime() == null ? null : instance.launchTime().plus(maxLifetime);
            if (deadline.isPresent() && cap != null && deadline.get().isAfter(cap)) {
                // Whoever can tag can write any date: no tag buys more than the maximum lifetime.
                if (!now.isBefore(cap)) {
                    verdicts.add(new Verdict(instance.instanceId(), "deadline " + deadline.get() + " is beyond the maximum "
                            + maxLifetime.toHours() + " h and it launched at " + instance.launchTime()));
                }
            } else if (deadline.isPresent()) {
                if (!now.isBefore(deadline.get())) {
                    verdicts.add(new Verdict(instance.instanceId(), "past its deadline " + deadline.get()));
                }
            } else if (instance.launchTime() != null && !now.isBefore(instance.launchTime().plus(maxLifetime))) {
                verdicts.add(new Verdict(instance.instanceId(),
                        "no readable deadline and launched over " + maxLifetime.toHours() + " h ago"));
            }
        }
        return verdicts;
    }

    /**
     * Every live (pending or running) instance of a profile but the newest: one profile runs one instance, and a
     * second one can only be left by a lost race or a hand launch. Instances without a profile tag are not judged.
     */
    public List<Verdict> duplicateInstances(List<ManagedInstance> instances) {
        Map<String, List<ManagedInstance>> live = new TreeMap<>();
        for (ManagedInstance instance : instances) {
            if (instance.profile() != null && ("pending".equals(instance.state()) || "running".equals(instance.state()))) {
                live.computeIfAbsent(instance.profile(), p -> new ArrayList<>()).add(instance);
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (List<ManagedInstance> same : live.values()) {
            same.sort(Comparator.comparing(ManagedInstance::launchTime, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(ManagedInstance::instanceId).reversed());
            ManagedInstance newest = same.get(0);
            for (ManagedInstance older : same.subList(1, same.size())) {
                verdicts.add(new Verdict(older.instanceId(), "a second live instance of profile '" + older.profile()
                        + "'; the newest, " + newest.instanceId() + ", is kept"));
            }
        }
        return verdicts;
    }

    /**
     * Our EMR clusters (tagged by the DAG) past their expiry (capped at creation plus the maximum lifetime), or idle
     * too long; anyone else's are never touched.
     */
    public List<Verdict> clustersToEnd(List<LiveCluster> clusters, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        for (LiveCluster cluster : clusters) {
            if (!Tags.EMR_BATCH.equals(cluster.tags().get(Tags.EMR_COMPONENT))) {
                continue;
            }
            Optional<Instant> expiresAt = parse(cluster.tags().get(Tags.EMR_EXPIRES_AT));
            if (expiresAt.isPresent() && cluster.createdAt() != null
                    && expiresAt.get().isAfter(cluster.createdAt().plus(maxLifetime))
                    && !now.isBefore(cluster.createdAt().plus(maxLifetime))) {
                verdicts.add(new Verdict(cluster.clusterId(), "expiry " + expiresAt.get() + " is beyond the maximum "
                        + maxLifetime.toHours() + " h and it was created at " + cluster.createdAt()));
            } else if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
                verdicts.add(new Verdict(cluster.clusterId(), "past its expiry " + expiresAt.get()));
            } else if (expiresAt.isEmpty() && cluster.createdAt() != null
                    && !now.isBefore(cluster.createdAt().plus(maxLifetime))) {
                verdicts.add(new Verdict(cluster.clusterId(),
                        "no readable expiry and created over " + maxLifetime.toHours() + " h ago"));
            } else if (cluster.idleSince() != null && !now.isBefore(cluster.idleSince().plus(emrIdle))) {
                verdicts.add(new Verdict(cluster.clusterId(),
                        "waiting with nothing to do since " + cluster.idleSince() + " (over " + emrIdle.toMinutes() + " min)"));
            }
        }
        return verdicts;
    }

    private static Optional<Instant> parse(String instant) {
        if (instant == null || instant.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(instant.trim()));
        } catch (DateTimeParseException e) {
            // A hand-edited tag: judged by age instead.
            return Optional.empty();
        }
    }
}
