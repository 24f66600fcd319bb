output "lake_bucket_name" {
  description = "Name of the lake bucket: drop files under landing/<dataset>/."
  value       = module.storage.lake_bucket_name
}

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket the deploy workflow uploads to."
  value       = module.storage.artifacts_bucket_name
}

output "launcher_function_name" {
  description = "Name of the launcher Lambda function."
  value       = module.launcher.function_name
}

output "launcher_alias_arn" {
  description = "ARN of the launcher's `live` alias (what dev-env and the CLI invoke)."
  value       = module.launcher.function_alias_arn
}

output "launch_template_names" {
  description = "Launch template name per profile (pipeline, dev)."
  value       = module.launcher.launch_template_names
}

output "alerts_topic_arn" {
  description = "ARN of the SNS alerts topic."
  value       = module.guardrails.alerts_topic_arn
}

output "athena_workgroup_name" {
  description = "Athena workgroup for dbt and Superset."
  value       = module.catalog.athena_workgroup_name
}

output "glue_database_name" {
  description = "Glue database of the lake's tables."
  value       = module.catalog.glue_database_name
}

output "bundle_pointer_parameter" {
  description = "SSM parameter the deploy workflow points at the current bundle."
  value       = aws_ssm_parameter.pointer["bundle"].name
}

output "emr_log_uri" {
  description = "Where EMR writes cluster and step logs."
  value       = module.emr.log_uri
}

output "registry_repository_urls" {
  description = "URL of each image repository, by image (airflow, postgres): where the deploy workflow pushes."
  value       = module.registry.repository_urls
}
