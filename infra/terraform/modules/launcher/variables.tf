variable "name" {
  description = "Name prefix for every resource of the launcher (e.g. sparkflow-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,32}$", var.name))
    error_message = "name may only hold letters, digits and hyphens (32 at most)."
  }
}

variable "environment" {
  description = "Deployment name (SPARKFLOW_ENV); fills {env} in config/platform.yml's SSM names."
  type        = string
}

variable "release_version" {
  description = "Version (git commit) of the launcher jar and the bundle this release deploys."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z._-]{1,64}$", var.release_version))
    error_message = "release_version must be a git commit or a simple version string."
  }
}

variable "launcher_jar_key" {
  description = "Key of the launcher jar in the artifacts bucket (config/platform.yml artifacts.launcher_jar, resolved)."
  type        = string
}

variable "lake_bucket_name" {
  description = "Name of the lake bucket (S3 events for landing/, the DAGs' data)."
  type        = string
}

variable "lake_bucket_arn" {
  description = "ARN of the lake bucket."
  type        = string
}

variable "lake_zones" {
  description = "Lake zone name to key prefix, from config/lake.yml."
  type        = map(string)
}

variable "jobs_lake_writes_policy_json" {
  description = "What the jobs write on the lake (modules/emr's jobs_lake_writes): the local engine runs them on the instance."
  type        = string
}

variable "athena_results_prefix" {
  description = "Prefix in the lake bucket for Athena query results (dbt's staging directory lives under it)."
  type        = string
}

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket (jars, bundles, tools, backups, logs)."
  type        = string
}

variable "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket."
  type        = string
}

variable "artifact_prefixes" {
  description = "Prefixes in the artifacts bucket by use: bundles, tools, backups (top-level) and logs, the Airflow remote log folder's prefix (each profile writes under logs/<profile>/)."
  type        = object({ bundles = string, tools = string, backups = string, logs = string })
}

variable "shared_parameters" {
  description = "SSM parameter names both profiles read (the bundle and Compose pointers, no secret); everything else a profile reads lives under ssm_prefix/<profile>/."
  type        = list(string)

  validation {
    condition     = alltrue([for name in var.shared_parameters : startswith(name, "/")])
    error_message = "shared_parameters must be full parameter names starting with /."
  }
}

variable "ssm_prefix" {
  description = "SSM parameter path the platform reads (config/platform.yml ssm.prefix, resolved)."
  type        = string

  validation {
    condition     = startswith(var.ssm_prefix, "/") && !endswith(var.ssm_prefix, "/")
    error_message = "ssm_prefix must start with / and not end with one."
  }
}

variable "airflow_environment" {
  description = "The Airflow instance's non-secret environment the launcher renders into user-data: remote log folder, Athena staging and data dirs, Athena work group."
  type = object({
    remote_log_folder  = string
    athena_staging_dir = string
    athena_data_dir    = string
    athena_work_group  = string
  })

  validation {
    condition = alltrue([for key in ["remote_log_folder", "athena_staging_dir", "athena_data_dir"] :
    startswith(var.airflow_environment[key], "s3://")])
    error_message = "The Airflow log folder and Athena dirs must be s3:// locations."
  }
}
variable "tag_keys" {
  description = "Tag keys from config/platform.yml tags (managed, profile, deadline, emr_component, ...)."
  type        = map(string)

  validation {
    condition     = alltrue([for key in ["managed", "profile", "deadline", "emr_component"] : contains(keys(var.tag_keys), key)])
    error_message = "tag_keys must hold managed, profile, deadline and emr_component."
  }
}

variable "emr_component" {
  description = "Value of the emr_component tag on the DAG's EMR clusters (airflow/dags/include/emr_cluster.json)."
  type        = string

  validation {
    condition     = length(var.emr_component) > 0
    error_message = "emr_component must not be empty: the cluster JSON must carry the emr_component tag."
  }
}

variable "instance_settings" {
  description = "Instance defaults from config/platform.yml instance: idle_minutes (dev), pipeline_idle_minutes, max_lifetime_hours, airflow_port."
  type        = object({ idle_minutes = number, pipeline_idle_minutes = number, max_lifetime_hours = number, airflow_port = number })
}

variable "instance_type" {
  description = "EC2 instance type of the Airflow instance (x86_64, matching ami_ssm_parameter)."
  type        = string
  default     = "t3.large"
}

variable "ami_ssm_parameter" {
  description = "Public SSM parameter holding the current Amazon Linux 2023 AMI id."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

  validation {
    condition     = startswith(var.ami_ssm_parameter, "/aws/service/ami-amazon-linux-latest/al2023-")
    error_message = "ami_ssm_parameter must be one of the public Amazon Linux 2023 AMI parameters."
  }
}

variable "root_volume_size_gb" {
  description = "Size of the instance's encrypted gp3 root volume (Docker images, Postgres)."
  type        = number
  default     = 30

  validation {
    condition     = var.root_volume_size_gb >= 20
    error_message = "root_volume_size_gb must be at least 20 (the Airflow image alone is several GB)."
  }
}

variable "use_spot" {
  description = "Whether the launcher asks for Spot capacity (SPARKFLOW_SPOT)."
  type        = bool
  default     = false
}

variable "emr_idle_minutes" {
  description = "Minutes after which the janitor ends an idle EMR cluster of ours (SPARKFLOW_EMR_IDLE_MINUTES)."
  type        = number
  default     = 60
}

variable "vpc_id" {
  description = "VPC of the instance's security groups (the subnet the instance starts in must belong to it)."
  type        = string
}

variable "subnet_id" {
  description = "Subnet the instance starts in (needs a route to the internet or VPC endpoints for S3, SSM, EMR)."
  type        = string
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions of the launcher (the DynamoDB lock, not this, keeps one instance per profile)."
  type        = number
  default     = 5

  validation {
    condition     = var.reserved_concurrency >= 1 && var.reserved_concurrency <= 20
    error_message = "reserved_concurrency must be from 1 to 20."
  }
}

variable "janitor_schedule" {
  description = "EventBridge schedule expression of the janitor run."
  type        = string
  default     = "rate(15 minutes)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.janitor_schedule))
    error_message = "janitor_schedule must be a rate(...) or cron(...) expression."
  }
}

variable "log_retention_days" {
  description = "Retention of the launcher's CloudWatch log group."
  type        = number
  default     = 30
}

variable "alerts_topic_arn" {
  description = "SNS topic for failed asynchronous invocations (dead-letter target) and the DAG's alerts."
  type        = string
}

variable "emr_service_role_arn" {
  description = "ARN of the EMR service role the Airflow instance passes to RunJobFlow."
  type        = string
}

variable "emr_instance_role_arn" {
  description = "ARN of the EMR cluster instances' role the Airflow instance passes to RunJobFlow."
  type        = string
}

variable "athena_workgroup_name" {
  description = "Athena workgroup dbt uses."
  type        = string
}

variable "glue_database_names" {
  description = "Glue databases dbt reads and writes (the lake's tables and the marts)."
  type        = list(string)
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

variable "image_repository_arns" {
  description = "Per profile (pipeline, dev): ARNs of the ECR repositories its instance pulls images from (the registry module's), and no other."
  type        = map(list(string))

  validation {
    condition     = toset(keys(var.image_repository_arns)) == toset(["pipeline", "dev"]) && alltrue([for arns in values(var.image_repository_arns) : length(arns) > 0 && alltrue([for arn in arns : can(regex("^arn:[a-z-]+:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9._/-]+$", arn))])])
    error_message = "image_repository_arns must name the pipeline and dev profiles, each with ECR repository ARNs, no wildcard."
  }
}
