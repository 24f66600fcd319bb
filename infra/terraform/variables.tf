variable "environment" {
  description = "Deployment name: fills {env} in config/platform.yml and names every resource (sparkflow-<environment>)."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.environment))
    error_message = "environment must be 2-12 lower-case letters and digits, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the whole platform."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-central-1."
  }
}

variable "release_version" {
  description = "Version (git commit) of the jars and bundle being deployed; the deploy workflow passes github.sha."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z._-]{1,64}$", var.release_version))
    error_message = "release_version must be a git commit or a simple version string."
  }
}

variable "lake_bucket_name" {
  description = "Name of the lake bucket; null derives sparkflow-<environment>-lake-<account>-<region>."
  type        = string
  default     = null

  # The bootstrap's deploy role manages buckets named sparkflow-* (and uploads to sparkflow-*-artifacts-*).
  validation {
    condition     = var.lake_bucket_name == null || can(regex("^sparkflow-[a-z0-9.-]*[a-z0-9]$", coalesce(var.lake_bucket_name, "x")))
    error_message = "lake_bucket_name must start with sparkflow- (the deploy role is scoped to such names)."
  }
}

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket; null derives sparkflow-<environment>-artifacts-<account>-<region>."
  type        = string
  default     = null

  # The bootstrap's deploy role manages buckets named sparkflow-* (and uploads to sparkflow-*-artifacts-*).
  validation {
    condition     = var.artifacts_bucket_name == null || can(regex("^sparkflow-[a-z0-9.-]*-artifacts-[a-z0-9.-]*[a-z0-9]$", coalesce(var.artifacts_bucket_name, "x")))
    error_message = "artifacts_bucket_name must start with sparkflow- and contain -artifacts- (the deploy role is scoped to such names)."
  }
}

variable "subnet_id" {
  description = "Subnet (and so VPC) of the Airflow instance and the EMR clusters; null: the default VPC's first default subnet."
  type        = string
  default     = null

  validation {
    condition     = var.subnet_id == null || can(regex("^subnet-[0-9a-f]+$", coalesce(var.subnet_id, "x")))
    error_message = "subnet_id must be a subnet id (subnet-...)."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the Airflow instance (t3.large: see airflow/README-deploy.md)."
  type        = string
  default     = "t3.large"
}

variable "use_spot" {
  description = "Whether the launcher asks for Spot capacity for the Airflow instance."
  type        = bool
  default     = false
}

variable "emr_idle_minutes" {
  description = "Minutes after which the janitor ends an idle EMR cluster of ours."
  type        = number
  default     = 60

  validation {
    condition     = var.emr_idle_minutes >= 15
    error_message = "emr_idle_minutes must be at least 15."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly AWS cost budget in USD for the alerts."
  type        = number
  default     = 10
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to the alerts topic."
  type        = list(string)
  default     = []
}

variable "airflow_secrets_version" {
  description = "Bump to generate new Airflow secrets (not the Fernet key: see README) and the dev dashboards' ones; they are never stored in state."
  type        = number
  default     = 1

  validation {
    condition     = var.airflow_secrets_version >= 1 && floor(var.airflow_secrets_version) == var.airflow_secrets_version
    error_message = "airflow_secrets_version must be a whole number from 1."
  }
}

variable "fernet_key_version" {
  description = "Bump only to replace Airflow's Fernet key, which makes the restored metadata's encrypted values unreadable."
  type        = number
  default     = 1

  validation {
    condition     = var.fernet_key_version >= 1 && floor(var.fernet_key_version) == var.fernet_key_version
    error_message = "fernet_key_version must be a whole number from 1."
  }
}

variable "force_destroy_buckets" {
  description = "Whether terraform destroy may delete non-empty buckets (true only for throw-away environments)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "artifacts_access_log_bucket" {
  description = "Bucket for the artifacts bucket's S3 server access logs (null: none). The lake's access logs are always on, delivered into the artifacts bucket."
  type        = string
  default     = null
}

variable "lake_data_events" {
  description = "Whether a CloudTrail trail records every object-level call on the lake bucket (who read, wrote or deleted which object; 0.10 USD per 100,000 events) into the artifacts bucket under logs/cloudtrail/."
  type        = bool
  default     = true
}

variable "ebs_encryption_by_default" {
  description = "Whether to turn on EBS encryption by default in the account and region (every new volume, the EMR clusters' included, encrypted with the aws/ebs key)."
  type        = bool
  default     = true
}

variable "emr_kms_key_arn" {
  description = "Customer-managed KMS key for the EMR clusters' local disks and EBS volumes (1 USD a month); null: EBS is encrypted by the account default and instance-store disks are not encrypted."
  type        = string
  default     = null

  validation {
    condition     = var.emr_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", coalesce(var.emr_kms_key_arn, "x")))
    error_message = "emr_kms_key_arn must be a KMS key ARN."
  }
}
