package dev.sparkflow.devenv.aws;

import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The launcher as a Lambda function: a synchronous Invoke of {@code functionName} (a name or ARN). */
public record LambdaTransport(LambdaClient lambda, String functionName) implements LauncherTransport {

    @Override
    public String target() {
        return functionName;
    }

    @Override
    public byte[] invoke(byte[] request) {
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(functionName).payload(SdkBytes.fromByteArray(request)));
        } catch (ResourceNotFoundException e) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "there is no launcher function '" + functionName
                    + "' in this account and region; pass --function or set SPARKFLOW_LAUNCHER_FUNCTION", e);
        }
        byte[] body = response.payload() == null ? new byte[0] : response.payload().asByteArray();
        if (response.functionError() != null) {
            throw new DevEnvException(Failure.LAUNCHER_REFUSED, "the launcher function failed (" + response.functionError()
                    + "): " + new String(body, StandardCharsets.UTF_8));
        }
        return body;
    }
}
