output "state_bucket_name" {
  description = "Bucket for the root stack's state: put it in envs/<env>/backend.hcl."
  value       = aws_s3_bucket.state.id
}

output "deploy_role_arn" {
  description = "Role the deploy workflow assumes: set it as the repository variable AWS_DEPLOY_ROLE_ARN."
  value       = module.github_oidc.role_arn
}

output "allowed_subjects" {
  description = "GitHub token subjects the deploy role trusts."
  value       = module.github_oidc.allowed_subjects
}

output "plan_role_arn" {
  description = "Read-only role the plan job assumes: set it as the repository variable AWS_PLAN_ROLE_ARN."
  value       = module.github_oidc.plan_role_arn
}

output "permissions_boundary_arn" {
  description = "The permissions boundary every role of the root stack carries."
  value       = aws_iam_policy.permissions_boundary.arn
}
