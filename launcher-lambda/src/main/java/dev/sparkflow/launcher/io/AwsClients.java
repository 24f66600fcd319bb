package dev.sparkflow.launcher.io;

import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.emr.EmrClient;

/** The SDK clients the launcher uses, built once per Lambda runtime and injectable for tests. */
public record AwsClients(Ec2Client ec2, DynamoDbClient dynamo, EmrClient emr) {

    /** Clients for the Lambda runtime: its region and role credentials (from the environment), one small URL-connection HTTP client. */
    public static AwsClients fromEnvironment() {
        String regionName = System.getenv("AWS_REGION");
        // Lambda always sets AWS_REGION; without it the configuration check refuses every request before a call is made.
        Region region = Region.of(regionName == null || regionName.isBlank() ? "us-east-1" : regionName);
        var credentials = EnvironmentVariableCredentialsProvider.create();
        SdkHttpClient http = UrlConnectionHttpClient.create();
        return new AwsClients(
                Ec2Client.builder().region(region).credentialsProvider(credentials).httpClient(http).build(),
                DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(http).build(),
                EmrClient.builder().region(region).credentialsProvider(credentials).httpClient(http).build());
    }
}
