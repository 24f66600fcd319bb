variable "name" {
  description = "Name prefix for the roles, instance profile and security configuration (e.g. sparkflow-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,40}$", var.name))
    error_message = "name may only hold letters, digits and hyphens (40 at most)."
  }
}

variable "lake_bucket_arn" {
  description = "ARN of the lake bucket the jobs read and write."
  type        = string
}

variable "lake_zones" {
  description = "Lake zone name to key prefix, from config/lake.yml."
  type        = map(string)
}

variable "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket holding the jobs jar and the logs."
  type        = string
}

variable "jars_prefix" {
  description = "Prefix of the jars in the artifacts bucket (from config/platform.yml artifacts.jobs_jar)."
  type        = string
  default     = "jars"
}

variable "log_prefix" {
  description = "Prefix in the artifacts bucket for cluster and step logs."
  type        = string
  default     = "logs/emr"
}

variable "subnet_id" {
  description = "Subnet the clusters run in; tagged so the EMR v2 managed service policy may use it."
  type        = string

  validation {
    condition     = can(regex("^subnet-[0-9a-f]+$", var.subnet_id))
    error_message = "subnet_id must be a subnet id (subnet-...)."
  }
}

variable "tags" {
  description = "Tags for the resources that take them."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary_arn" {
  description = "ARN of the permissions boundary every role of this module carries (created by the bootstrap)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/sparkflow-[A-Za-z0-9+=,.@_-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be the ARN of a sparkflow-* IAM policy."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the clusters' local disks and EBS volumes; null: none (EBS then relies on the account's encryption by default)."
  type        = string
  default     = null
}
