package dev.sparkflow.devenv.model;

import java.util.Set;

/** What EC2 says about one instance right now: its state name and addresses (null until assigned). */
public record InstanceState(String instanceId, String state, String publicAddress, String privateAddress) {
    private static final Set<String> ENDED = Set.of("shutting-down", "terminated", "stopping", "stopped");

    /** Whether the instance is running. */
    public boolean running() {
        return "running".equals(state);
    }

    /** Whether the instance is going or gone, so waiting for it is pointless. */
    public boolean ended() {
        return ENDED.contains(state);
    }

    /** The address to connect to: the public one when there is one, else the private one (VPN, peering). */
    public String sshAddress() {
        return publicAddress != null ? publicAddress : privateAddress;
    }
}
