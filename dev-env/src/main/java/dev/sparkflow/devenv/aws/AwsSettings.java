package dev.sparkflow.devenv.aws;

import java.net.URI;

/** Where and as whom to call AWS; null fields fall back to the SDK's defaults (AWS_REGION, AWS_PROFILE, ~/.aws). */
public record AwsSettings(String region, String profile, URI endpoint) {
}
