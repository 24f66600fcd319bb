package dev.sparkflow.devenv.aws;

import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The two SDK clients the CLI uses, built once per run. */
public record AwsClients(LambdaClient lambda, Ec2Client ec2) implements AutoCloseable {
    /** A launch may wait for another invocation's lock (up to two minutes) before it answers. */
    static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(3);

    /** Clients from explicit settings, else the SDK's default region and credential chains. */
    public static AwsClients create(AwsSettings settings) {
        AwsCredentialsProvider credentials = settings.profile() != null
                ? ProfileCredentialsProvider.create(settings.profile())
                : DefaultCredentialsProvider.builder().build();
        Region region = settings.region() != null ? Region.of(settings.region()) : defaultRegion(settings.profile());
        LambdaClient lambda = configure(LambdaClient.builder(), settings, credentials, region)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(INVOKE_TIMEOUT).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(INVOKE_TIMEOUT).build())
                .build();
        Ec2Client ec2 = configure(Ec2Client.builder(), settings, credentials, region)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new AwsClients(lambda, ec2);
    }

    private static Region defaultRegion(String profile) {
        try {
            return DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
        } catch (SdkClientException e) {
            throw new DevEnvException(Failure.AWS_FAILURE, "no AWS region: pass --region, set AWS_REGION, or set one in the profile", e);
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsSettings settings,
                                                                  AwsCredentialsProvider credentials, Region region) {
        builder.credentialsProvider(credentials).region(region);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    @Override
    public void close() {
        try {
            lambda.close();
        } finally {
            ec2.close();
        }
    }
}
