package dev.sparkflow.launcher.io;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterSummary;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.emr.model.Tag;

/** The EMR calls the janitor makes: list live clusters with their tags and idle time, terminate. */
public final class EmrClusters {
    private final EmrClient emr;

    public EmrClusters(EmrClient emr) {
        this.emr = emr;
    }

    /** A live cluster: its tags, when it was created, and since when it has waited with nothing to do (null if busy). */
    public record LiveCluster(String clusterId, String name, String state, Map<String, String> tags, Instant createdAt,
                              Instant idleSince) {
    }

    /** Every cluster that is starting, running or waiting, described (tags are not in the list call). */
    public List<LiveCluster> live() {
        return emr.listClustersPaginator(r -> r.clusterStates(ClusterState.STARTING, ClusterState.BOOTSTRAPPING,
                        ClusterState.RUNNING, ClusterState.WAITING))
                .clusters().stream()
                .map(this::describe)
                .toList();
    }

    /** Asks EMR to terminate the given clusters. */
    public void terminate(List<String> clusterIds) {
        if (!clusterIds.isEmpty()) {
            emr.terminateJobFlows(r -> r.jobFlowIds(clusterIds));
        }
    }

    private LiveCluster describe(ClusterSummary summary) {
        Cluster cluster = emr.describeCluster(r -> r.clusterId(summary.id())).cluster();
        Map<String, String> tags = cluster.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        var timeline = cluster.status().timeline();
        Instant idleSince = null;
        if (cluster.status().state() == ClusterState.WAITING) {
            idleSince = timeline.readyDateTime() != null ? timeline.readyDateTime() : timeline.creationDateTime();
            Instant lastStepEnd = lastStepEnd(cluster.id());
            if (lastStepEnd != null && (idleSince == null || lastStepEnd.isAfter(idleSince))) {
                idleSince = lastStepEnd;
            }
        }
        return new LiveCluster(cluster.id(), cluster.name(), cluster.status().stateAsString(), tags,
                timeline.creationDateTime(), idleSince);
    }

    /** When the most recent step ended (ListSteps returns newest first), or null when no step has ended. */
    private Instant lastStepEnd(String clusterId) {
        List<StepSummary> steps = emr.listSteps(r -> r.clusterId(clusterId)).steps();
        return steps.stream()
                .map(step -> step.status().timeline() == null ? null : step.status().timeline().endDateTime())
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(null);
    }
}
