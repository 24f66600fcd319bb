variable "lake_bucket_name" {
  description = "Name of the S3 bucket holding the lake (landing, raw, quarantine, curated, reports)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lake_bucket_name))
    error_message = "lake_bucket_name must be a valid S3 bucket name."
  }
}

variable "database_name" {
  description = "Glue database for the lake's tables (dbt's Athena sources read it)."
  type        = string
  default     = "sparkflow"

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name may only hold lower-case letters, digits and underscores."
  }
}

variable "workgroup_name" {
  description = "Athena workgroup whose settings every query is forced to use."
  type        = string
  default     = "sparkflow"
}

variable "results_bucket_name" {
  description = "S3 bucket for Athena query results (the lake bucket's athena-results/ prefix is fine)."
  type        = string
}

variable "results_prefix" {
  description = "Prefix for Athena query results inside results_bucket_name; a lifecycle rule should expire it."
  type        = string
  default     = "athena-results"
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels any query of this workgroup that would scan more bytes (cost guard)."
  type        = number
  default     = 1073741824

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760
    error_message = "Athena's smallest per-query cutoff is 10 MB (10485760 bytes)."
  }
}

variable "kms_key_arn" {
  description = "KMS key for query results; null encrypts them with S3-managed keys (SSE-S3)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the resources that take them."
  type        = map(string)
  default     = {}
}
