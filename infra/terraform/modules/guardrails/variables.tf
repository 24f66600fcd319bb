variable "name" {
  description = "Name prefix for the topic and the budget (e.g. sparkflow-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,64}$", var.name))
    error_message = "name may only hold letters, digits and hyphens."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget in USD; alerts fire at 80% forecast and 100% actual."
  type        = number
  default     = 10

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be positive."
  }
}

variable "alert_emails" {
  description = "Addresses subscribed to the alerts topic (each must confirm the subscription e-mail)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "alert_emails must hold e-mail addresses."
  }
}

variable "tags" {
  description = "Tags for the resources that take them."
  type        = map(string)
  default     = {}
}

variable "ebs_encryption" {
  description = "Whether to turn on EBS encryption by default for the account and region."
  type        = bool
  default     = true
}
