output "alerts_topic_arn" {
  description = "ARN of the SNS topic for failure and budget alerts."
  value       = aws_sns_topic.alerts.arn
}

output "budget_name" {
  description = "Name of the monthly cost budget."
  value       = aws_budgets_budget.monthly.name
}
