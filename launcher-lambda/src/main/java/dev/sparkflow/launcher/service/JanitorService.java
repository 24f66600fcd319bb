package dev.sparkflow.launcher.service;

import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.io.Ec2Instances;
import dev.sparkflow.launcher.io.EmrClusters;
import dev.sparkflow.launcher.io.SshIngress;
import dev.sparkflow.launcher.service.JanitorRules.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scheduled sweep: ends our instances past their deadline or beside a newer live one of the same profile, and our
 * EMR clusters past their deadline or idle.
 */
public final class JanitorService {
    private final Ec2Instances ec2;
    private final EmrClusters emr;
    private final JanitorRules rules;
    private final SshIngress sshIngress;
    private final String devSecurityGroup;
    private final Clock clock;

    /**
     * @param devSecurityGroup the group dev callers get SSH rules on, or null when SSH goes through SSM only
     */
    public JanitorService(Ec2Instances ec2, EmrClusters emr, JanitorRules rules, SshIngress sshIngress,
                         String devSecurityGroup, Clock clock) {
        this.ec2 = ec2;
        this.emr = emr;
        this.rules = rules;
        this.sshIngress = sshIngress;
        this.devSecurityGroup = devSecurityGroup;
        this.clock = clock;
    }

    /** What one sweep looked at and ended. */
    public record Sweep(String at, int instancesChecked, List<Verdict> instancesEnded,
                        int clustersChecked, List<Verdict> clustersEnded, List<String> sshRulesRevoked) {
    }

    /** Looks at everything of ours once, terminates what the rules condemn, and reports it. */
    public Sweep sweep() {
        Instant now = clock.instant();
        List<Ec2Instances.ManagedInstance> instances = ec2.managed();
        List<Verdict> endInstances = new ArrayList<>(rules.overdueInstances(instances, now));
        Set<String> overdue = endInstances.stream().map(Verdict::id).collect(Collectors.toSet());
        // Among what is left, one live instance per profile: the newest stays.
        endInstances.addAll(rules.duplicateInstances(instances.stream().filter(i -> !overdue.contains(i.instanceId())).toList()));
        ec2.terminate(endInstances.stream().map(Verdict::id).toList());
        List<EmrClusters.LiveCluster> clusters = emr.live();
        List<Verdict> endClusters = rules.clustersToEnd(clusters, now);
        emr.terminate(endClusters.stream().map(Verdict::id).toList());
        return new Sweep(now.toString(), instances.size(), endInstances, clusters.size(), endClusters, closeSsh());
    }

    /** With no dev instance left alive, nobody needs SSH: the rules launches added for callers go. */
    private List<String> closeSsh() {
        if (devSecurityGroup == null || !ec2.aliveForProfile(Profile.DEV.wireName()).isEmpty()) {
            return List.of();
        }
        return sshIngress.revokeOurs(devSecurityGroup);
    }
}
