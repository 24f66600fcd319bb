output "repository_arns" {
  description = "ARN of each repository, by image (what the instance roles may pull)."
  value       = { for image, repository in aws_ecr_repository.this : image => repository.arn }
}

output "repository_urls" {
  description = "URL of each repository, by image (<account>.dkr.ecr.<region>.amazonaws.com/<name>-<image>)."
  value       = { for image, repository in aws_ecr_repository.this : image => repository.repository_url }
}
