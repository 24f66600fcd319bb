variable "region" {
  description = "AWS region of the state bucket (and of the platform)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-central-1."
  }
}

variable "repository" {
  description = "The GitHub repository (owner/name) whose production environment may deploy and whose refs may plan."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.repository))
    error_message = "repository must be owner/name, without wildcards."
  }
}

variable "state_bucket_name" {
  description = "Name of the Terraform state bucket; null derives sparkflow-tfstate-<account>-<region>."
  type        = string
  default     = null

  validation {
    condition     = var.state_bucket_name == null || can(regex("^sparkflow-[a-z0-9.-]{1,52}[a-z0-9]$", coalesce(var.state_bucket_name, "x")))
    error_message = "state_bucket_name must be a valid S3 bucket name starting with sparkflow-."
  }
}

variable "create_oidc_provider" {
  description = "Whether to create GitHub's OIDC provider (false when the account already has it)."
  type        = bool
  default     = true
}

variable "environments" {
  description = "GitHub environments that may assume the deploy role (protect them with required reviewers)."
  type        = list(string)
  default     = ["production"]
}

variable "state_access_log_bucket" {
  description = "Bucket (same account and region) for the state bucket's S3 server access logs; null: none."
  type        = string
  default     = null
}
