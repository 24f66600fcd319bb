variable "lake_bucket_name" {
  description = "Name of the lake bucket (landing, raw, quarantine, curated, reports, athena-results)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lake_bucket_name))
    error_message = "lake_bucket_name must be a valid S3 bucket name."
  }
}

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket (jars, bundles, tools, backups, logs)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifacts_bucket_name))
    error_message = "artifacts_bucket_name must be a valid S3 bucket name."
  }
}

variable "lake_zones" {
  description = "Lake zone name to key prefix, from config/lake.yml (the one home of the layout)."
  type        = map(string)

  validation {
    condition     = alltrue([for zone in ["landing", "raw", "quarantine", "curated", "reports"] : contains(keys(var.lake_zones), zone)])
    error_message = "lake_zones must hold at least landing, raw, quarantine, curated and reports."
  }
}

variable "athena_results_prefix" {
  description = "Prefix in the lake bucket for Athena query results (expired by a lifecycle rule)."
  type        = string
  default     = "athena-results"
}

variable "athena_results_expiration_days" {
  description = "Days after which Athena query results are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.athena_results_expiration_days >= 1
    error_message = "athena_results_expiration_days must be at least 1."
  }
}

variable "quarantine_expiration_days" {
  description = "Days after which quarantined rows are deleted (the raw zone keeps every original file)."
  type        = number
  default     = 180

  validation {
    condition     = var.quarantine_expiration_days >= 30
    error_message = "quarantine_expiration_days must be at least 30, so rejected rows can still be reviewed."
  }
}

variable "logs_prefix" {
  description = "Prefix in the artifacts bucket for Airflow task logs and EMR logs."
  type        = string
  default     = "logs"
}

variable "logs_expiration_days" {
  description = "Days after which Airflow and EMR logs are deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.logs_expiration_days >= 1
    error_message = "logs_expiration_days must be at least 1."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed in both buckets."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Whether terraform destroy may delete non-empty buckets (keep false where the lake holds real data)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the resources that take them."
  type        = map(string)
  default     = {}
}

variable "artifacts_access_log_bucket" {
  description = "Bucket (in this account and region) for the artifacts bucket's S3 server access logs; null: none (the lake's are always on, delivered into the artifacts bucket)."
  type        = string
  default     = null
}

variable "lake_data_events_trail" {
  description = "Name of the CloudTrail trail that records the lake bucket's object-level data events into the artifacts bucket (logs/cloudtrail/); null: no trail."
  type        = string
  default     = null
}
