package dev.sparkflow.devenv.aws;

import dev.sparkflow.devenv.model.InstanceState;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Reads one instance's state and addresses from EC2 (DescribeInstances). */
public final class Ec2Instances {
    private final Ec2Client ec2;

    /** Reads through {@code ec2}. */
    public Ec2Instances(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The instance now, or empty while EC2 does not know it yet (its API is eventually consistent after a launch). */
    public Optional<InstanceState> describe(String instanceId) {
        try {
            return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                    .flatMap(reservation -> reservation.instances().stream())
                    .findFirst()
                    .map(Ec2Instances::toState);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static InstanceState toState(Instance instance) {
        return new InstanceState(instance.instanceId(), instance.state().nameAsString(),
                instance.publicIpAddress(), instance.privateIpAddress());
    }
}
