package dev.sparkflow.devenv.sshconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The managed {@code Host} entry for the dev instance.
 *
 * @param alias          the {@code Host} name (sparkflow-dev)
 * @param instanceId     recorded in a comment so a new instance can be told from the old one
 * @param hostName       an address, or the instance id when connecting through SSM
 * @param user           the login user on the instance
 * @param identityFile   the dedicated private key
 * @param knownHostsFile a known_hosts file of its own: ephemeral hosts change keys
 * @param localForwardPorts the ports forwarded to the same local port (Airflow's UI, then the dashboards)
 * @param proxyCommand   the SSM proxy, or null for direct SSH
 */
public record HostEntry(String alias, String instanceId, String hostName, String user, Path identityFile,
                        Path knownHostsFile, List<Integer> localForwardPorts, String proxyCommand) {

    /** A defensive copy: the entry is written as it was made. */
    public HostEntry {
        localForwardPorts = List.copyOf(localForwardPorts);
    }

    /** The SSM Session Manager proxy: {@code %h} is the instance id, {@code %p} the SSH port. */
    public static final String SSM_PROXY_COMMAND = "sh -c \"aws ssm start-session --target %h"
            + " --document-name AWS-StartSSHSession --parameters portNumber=%p\"";
    static final String INSTANCE_COMMENT = "# instance: ";

    /** The option lines of the entry, without markers or line endings. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by sparkflow dev-env; `down` removes it and `up` rewrites it, so edits here are lost.");
        lines.add(INSTANCE_COMMENT + instanceId);
        lines.add("Host " + alias);
        lines.add("    HostName " + hostName);
        lines.add("    User " + user);
        lines.add("    IdentityFile " + quoted(identityFile.toString()));
        lines.add("    IdentitiesOnly yes");
        // A new instance brings a new host key: accept the first one, but only into this entry's own file.
        lines.add("    StrictHostKeyChecking accept-new");
        lines.add("    UserKnownHostsFile " + quoted(knownHostsFile.toString()));
        lines.add("    ServerAliveInterval 30");
        lines.add("    ServerAliveCountMax 4");
        for (int port : localForwardPorts) {
            lines.add("    LocalForward " + port + " 127.0.0.1:" + port);
        }
        if (proxyCommand != null) {
            lines.add("    ProxyCommand " + proxyCommand);
        }
        // Ends this Host section: the lines after the block keep the meaning they had at the top of the file.
        lines.add("Host *");
        return lines;
    }

    private static String quoted(String path) {
        if (path.indexOf('"') >= 0) {
            throw new SshConfigException("cannot write a path holding a double quote into ssh_config: " + path);
        }
        return path.matches("[A-Za-z0-9_./~+:@-]+") ? path : '"' + path + '"';
    }
}
