package dev.sparkflow.launcher.io;

import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/** SSH into the dev instance from one developer's address: a rule on the dev security group, removed by the janitor. */
public final class SshIngress {
    /** Every rule we add carries this description prefix, so we only ever remove our own. */
    public static final String DESCRIPTION_PREFIX = "sparkflow-dev ssh until ";
    private static final int SSH = 22;

    private final Ec2Client ec2;

    public SshIngress(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Allows TCP 22 from {@code cidr}, described with the instance's deadline tag; an identical rule is fine. */
    public void allow(String groupId, String cidr, String until) {
        try {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permission(
                    IpRange.builder().cidrIp(cidr).description(DESCRIPTION_PREFIX + until).build())));
        } catch (AwsServiceException e) {
            if (!"InvalidPermission.Duplicate".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    /** Removes every SSH rule we added to the group; returns the CIDRs it removed. */
    public List<String> revokeOurs(String groupId) {
        SecurityGroup group = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
        List<IpRange> ours = group.ipPermissions().stream()
                .filter(p -> "tcp".equals(p.ipProtocol()) && p.fromPort() != null && p.fromPort() == SSH)
                .flatMap(p -> p.ipRanges().stream())
                .filter(range -> range.description() != null && range.description().startsWith(DESCRIPTION_PREFIX))
                .toList();
        if (!ours.isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permission(ours.toArray(IpRange[]::new))));
        }
        return ours.stream().map(IpRange::cidrIp).toList();
    }

    private static IpPermission permission(IpRange... ranges) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(SSH).toPort(SSH).ipRanges(ranges).build();
    }
}
