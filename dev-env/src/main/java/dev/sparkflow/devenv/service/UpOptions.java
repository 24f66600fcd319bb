package dev.sparkflow.devenv.service;

import java.time.Duration;

/**
 * How {@code up} waits and connects.
 *
 * @param callerCidr   the address block allowed to SSH in, or null to let the launcher decide
 * @param ssm          connect through SSM Session Manager (no open port) instead of TCP to port 22
 * @param timeout      how long to wait for running + reachable
 * @param pollInterval how often to look
 * @param sshPort      the port the reachability probe tries
 */
public record UpOptions(String callerCidr, boolean ssm, Duration timeout, Duration pollInterval, int sshPort) {
}
