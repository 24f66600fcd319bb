package dev.sparkflow.devenv.aws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import dev.sparkflow.devenv.model.LauncherResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Invokes the launcher Lambda for the dev profile and turns its JSON answer into a {@link LauncherResponse}. */
public final class LauncherClient {
    /** The profile the dev-env asks for. */
    public static final String PROFILE = "dev";
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final LambdaClient lambda;
    private final String functionName;

    /** A client invoking {@code functionName} (a name or ARN) through {@code lambda}. */
    public LauncherClient(LambdaClient lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    /** The function this client invokes. */
    public String functionName() {
        return functionName;
    }

    /** Starts (or finds) the dev instance, authorising {@code sshPublicKey}; {@code callerCidr} may be null. */
    public LauncherResponse launch(String sshPublicKey, String callerCidr) {
        Map<String, Object> request = request("launch");
        request.put("sshPublicKey", sshPublicKey);
        if (callerCidr != null) {
            request.put("callerCidr", callerCidr);
        }
        return invoke(request);
    }

    /** The dev instance, or a response with state {@code none}. */
    public LauncherResponse status() {
        return invoke(request("status"));
    }

    /** Terminates the dev instance. */
    public LauncherResponse terminate() {
        return invoke(request("terminate"));
    }

    private static Map<String, Object> request(String action) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", action);
        request.put("profile", PROFILE);
        return request;
    }

    private LauncherResponse invoke(Map<String, Object> request) {
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(functionName).payload(SdkBytes.fromUtf8String(toJson(request))));
        } catch (ResourceNotFoundException e) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "there is no launcher function '" + functionName
                    + "' in this account and region; pass --function or set SPARKFLOW_LAUNCHER_FUNCTION", e);
        }
        String body = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher function failed (" + response.functionError()
                    + "): " + body);
        }
        LauncherResponse parsed;
        try {
            parsed = JSON.readValue(body, LauncherResponse.class);
        } catch (JsonProcessingException e) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher answered something that is not its JSON response: "
                    + abbreviate(body), e);
        }
        if (parsed == null || parsed.ok() == null) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher's answer has no 'ok' field: " + abbreviate(body));
        }
        if (!parsed.ok()) {
            LauncherResponse.Error error = parsed.error();
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher refused the " + request.get("action") + " request: "
                    + (error == null ? "(no reason given)" : error.code() + ": " + error.message()));
        }
        return parsed;
    }

    private static String toJson(Map<String, Object> request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the launcher request", e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
