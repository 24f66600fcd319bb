package dev.sparkflow.launcher.io;

import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The SDK clients the launcher uses, built once per Lambda runtime and injectable for tests. */
public record AwsClients(Ec2Client ec2, DynamoDbClient dynamo) {

    /** Clients for the Lambda runtime: its region and role credentials (from the environment), the small URL-connection HTTP client. */
    public static AwsClients fromEnvironment() {
        String regionName = System.getenv("AWS_REGION");
        // Lambda always sets AWS_REGION; without it the configuration check refuses every request before a call is made.
        Region region = Region.of(regionName == null || regionName.isBlank() ? "us-east-1" : regionName);
        var credentials = EnvironmentVariableCredentialsProvider.create();
        return new AwsClients(
                Ec2Client.builder().region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build());
    }
}
