output "function_name" {
  description = "Name of the launcher Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_alias_arn" {
  description = "ARN of the `live` alias every caller invokes (dev-env, S3 events, the janitor)."
  value       = aws_lambda_alias.live.arn
}

output "launch_template_names" {
  description = "Launch template name per profile (pipeline, dev)."
  value       = { for profile, template in aws_launch_template.this : profile => template.name }
}

output "lock_table_name" {
  description = "Name of the DynamoDB table holding the per-profile launch lock."
  value       = aws_dynamodb_table.lock.name
}

output "instance_role_arns" {
  description = "ARNs of the instance roles by profile (pipeline, dev)."
  value       = { for profile, role in aws_iam_role.instance : profile => role.arn }
}

output "security_group_id" {
  description = "ID of the pipeline instance's security group (no inbound rule)."
  value       = aws_security_group.this.id
}

output "dev_security_group_id" {
  description = "ID of the dev instance's security group (SSH opened per caller by the launcher)."
  value       = aws_security_group.dev.id
}

output "log_group_name" {
  description = "CloudWatch log group of the launcher's JSON logs."
  value       = aws_cloudwatch_log_group.this.name
}
