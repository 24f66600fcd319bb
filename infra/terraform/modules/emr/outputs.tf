output "service_role_name" {
  description = "Name of the EMR service role (Airflow variable sparkflow_emr_service_role)."
  value       = aws_iam_role.service.name
}

output "service_role_arn" {
  description = "ARN of the EMR service role."
  value       = aws_iam_role.service.arn
}

output "instance_role_arn" {
  description = "ARN of the cluster instances' role."
  value       = aws_iam_role.instance.arn
}

output "instance_profile_name" {
  description = "Name of the cluster instances' profile (Airflow variable sparkflow_emr_job_flow_role)."
  value       = aws_iam_instance_profile.instance.name
}

output "instance_profile_arn" {
  description = "ARN of the cluster instances' profile."
  value       = aws_iam_instance_profile.instance.arn
}

output "security_configuration_name" {
  description = "Name of the EMR security configuration."
  value       = aws_emr_security_configuration.this.name
}

output "log_uri" {
  description = "S3 URI prefix for cluster and step logs (Airflow variable sparkflow_emr_log_uri)."
  value       = "s3://${split(":::", var.artifacts_bucket_arn)[1]}/${var.log_prefix}/"
}

output "jobs_lake_writes_policy_json" {
  description = "What the jobs write on the lake (raw/ appended, the zones they rewrite), for the Airflow instance's local engine."
  value       = data.aws_iam_policy_document.jobs_lake_writes.json
}
