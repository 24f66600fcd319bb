package dev.sparkflow.devenv.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The dev instance's fixed names, from config/platform.yml (its one home), bundled into the jar. */
public record Platform(String hostAlias, String user, int airflowPort, int dashboardsPort) {
    private static final String RESOURCE = "platform.yml";

    /** Reads the bundled platform.yml. */
    public static Platform load() {
        try (InputStream in = Platform.class.getResourceAsStream("/dev/sparkflow/devenv/" + RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar; rebuild dev-env");
            }
            JsonNode instance = new ObjectMapper(new YAMLFactory()).readTree(in).path("instance");
            return new Platform(required(instance, "ssh_host_alias").asText(), required(instance, "user").asText(),
                    required(instance, "airflow_port").asInt(),
                    required(instance, "dashboards_port").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Where the repository is expected on the instance; VS Code opens this folder. */
    public String remoteFolder() {
        return "/home/" + user + "/sparkflow";
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("platform.yml has no instance." + field);
        }
        return value;
    }
}
