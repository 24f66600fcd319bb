package dev.sparkflow.devenv.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.InstanceView;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.LauncherJson;
import dev.sparkflow.launcher.api.LauncherResponse;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.api.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Asks the launcher about the dev profile's instance; a refusal or an unreadable answer is a {@link DevEnvException}. */
public final class LauncherClient {
    private final LauncherTransport transport;

    /** A client whose requests travel over {@code transport}. */
    public LauncherClient(LauncherTransport transport) {
        this.transport = transport;
    }

    /** The function this client invokes. */
    public String functionName() {
        return transport.target();
    }

    /** Starts (or finds) the dev instance, authorising {@code sshPublicKey}; {@code callerCidr} may be null. */
    public InstanceView launch(String sshPublicKey, String callerCidr) {
        return invoke(new LaunchRequest(Action.LAUNCH, Profile.DEV, sshPublicKey, callerCidr, null));
    }

    /** The dev instance, or a view with state {@code none}. */
    public InstanceView status() {
        return invoke(new LaunchRequest(Action.STATUS, Profile.DEV));
    }

    /** Terminates the dev instance. */
    public InstanceView terminate() {
        return invoke(new LaunchRequest(Action.TERMINATE, Profile.DEV));
    }

    private InstanceView invoke(LaunchRequest request) {
        byte[] body = transport.invoke(LauncherJson.write(request));
        LauncherResponse response;
        try {
            response = LauncherJson.readResponse(body);
        } catch (IOException e) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher answered something that is not its response ("
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()) + "): " + abbreviate(new String(body, StandardCharsets.UTF_8)), e);
        }
        if (!response.ok()) {
            Refusal error = response.error();
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher refused the " + request.action().wireName()
                    + " request: " + (error == null ? "(no reason given)" : error.code() + ": " + error.message()));
        }
        return response.instance();
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
