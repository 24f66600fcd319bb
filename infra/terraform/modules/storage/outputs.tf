output "lake_bucket_name" {
  description = "Name of the lake bucket."
  value       = aws_s3_bucket.this["lake"].id
}

output "lake_bucket_arn" {
  description = "ARN of the lake bucket."
  value       = aws_s3_bucket.this["lake"].arn
}

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket."
  value       = aws_s3_bucket.this["artifacts"].id
}

output "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket."
  value       = aws_s3_bucket.this["artifacts"].arn
}

output "athena_results_prefix" {
  description = "Prefix in the lake bucket where Athena writes query results."
  value       = var.athena_results_prefix
}

output "logs_prefix" {
  description = "Prefix in the artifacts bucket for Airflow and EMR logs."
  value       = var.logs_prefix
}
