package dev.sparkflow.launcher.model;

/** What the caller learns about the profile's instance; {@code instanceId} is null when there is none. */
public record InstanceView(
        String profile,
        String instanceId,
        String state,
        boolean reused,
        String privateAddress,
        String publicAddress,
        String deadline,
        String bundleVersion,
        AirflowAccess airflow,
        String sshAllowedFrom) {

    /** The same view with SSH now allowed from {@code cidr}. */
    public InstanceView withSshAllowedFrom(String cidr) {
        return new InstanceView(profile, instanceId, state, reused, privateAddress, publicAddress, deadline, bundleVersion,
                airflow, cidr);
    }

    /** How to reach the Airflow UI: an SSM port-forward command line and the local URL it opens. */
    public record AirflowAccess(String portForwardCommand, String url) {

        /** The access for {@code instanceId} with Airflow on {@code port} forwarded to the same local port. */
        public static AirflowAccess forInstance(String instanceId, String region, int port) {
            String command = "aws ssm start-session --region " + region + " --target " + instanceId
                    + " --document-name AWS-StartPortForwardingSession"
                    + " --parameters '{\"portNumber\":[\"" + port + "\"],\"localPortNumber\":[\"" + port + "\"]}'";
            return new AirflowAccess(command, "http://localhost:" + port);
        }
    }
}
