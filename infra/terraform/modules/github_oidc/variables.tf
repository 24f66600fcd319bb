variable "create_provider" {
  description = "Whether to create the account's GitHub OIDC provider (false when the account already has one)."
  type        = bool
  default     = true
}

variable "repository" {
  description = "The one GitHub repository allowed to assume the role, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.repository))
    error_message = "repository must be owner/name, without wildcards."
  }
}

variable "environments" {
  description = "GitHub environments whose jobs may assume the role (protected with required reviewers)."
  type        = list(string)
  default     = ["production"]

  validation {
    condition     = alltrue([for env in var.environments : can(regex("^[A-Za-z0-9._-]+$", env))])
    error_message = "environments must be environment names, without wildcards."
  }
}

variable "role_name" {
  description = "Name of the deploy role."
  type        = string
  default     = "sparkflow-github-deploy"
}

variable "policy_json" {
  description = "IAM policy document (JSON) of what the deploy role may do."
  type        = string
}

variable "plan_role_name" {
  description = "Name of the read-only plan role."
  type        = string
  default     = "sparkflow-github-plan"
}

variable "plan_policy_json" {
  description = "IAM policy document (JSON) of what the read-only plan role may do."
  type        = string
}

variable "max_session_duration" {
  description = "Longest session of the deploy role, in seconds (a deploy takes minutes)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be from 3600 to 43200 seconds."
  }
}

variable "tags" {
  description = "Tags for the resources that take them."
  type        = map(string)
  default     = {}
}
