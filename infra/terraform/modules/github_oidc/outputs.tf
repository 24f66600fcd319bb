output "provider_arn" {
  description = "ARN of the GitHub OIDC identity provider."
  value       = local.provider_arn
}

output "role_arn" {
  description = "ARN of the deploy role (the workflow's role-to-assume)."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the deploy role."
  value       = aws_iam_role.this.name
}

output "allowed_subjects" {
  description = "The token subjects the deploy role's trust policy accepts."
  value       = local.subjects
}

output "plan_role_arn" {
  description = "ARN of the read-only plan role (the plan job's role-to-assume)."
  value       = aws_iam_role.plan.arn
}

output "plan_subjects" {
  description = "The token subject patterns the plan role's trust policy accepts."
  value       = local.plan_subjects
}
