# SparkFlow's AWS stack. Every shared name comes from config/platform.yml (SSM names, artifact keys, tag keys,
# instance defaults) and config/lake.yml (zones): nothing here repeats them.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_vpc" "default" {
  count   = var.subnet_id == null ? 1 : 0
  default = true
}

data "aws_subnets" "default" {
  count = var.subnet_id == null ? 1 : 0

  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default[0].id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

data "aws_subnet" "this" {
  id = local.subnet_id
}

locals {
  platform = yamldecode(file("${path.root}/../../config/platform.yml"))
  lake     = yamldecode(file("${path.root}/../../config/lake.yml"))

  name    = "sparkflow-${var.environment}"
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.region
  tags    = merge(var.tags, { Project = "sparkflow", Environment = var.environment })
  # The bootstrap's boundary: the deploy role may create a role only with it.
  permissions_boundary_arn = "arn:${data.aws_partition.current.partition}:iam::${local.account}:policy/${local.platform.iam.permissions_boundary}"

  lake_zones = local.lake.zones
  # config/platform.yml with {env} filled in; airflow_secrets and superset_secrets are lists of names, not parameters.
  ssm           = { for key, value in local.platform.ssm : key => replace(value, "{env}", var.environment) if !contains(["airflow_secrets", "superset_secrets"], key) }
  artifact_keys = { for key, value in local.platform.artifacts : key => replace(value, "{version}", var.release_version) }
  tag_keys      = local.platform.tags
  # The value the DAG's clusters carry under the emr_component tag key: its one home is the cluster's JSON.
  emr_cluster   = jsondecode(file("${path.root}/../../airflow/dags/include/emr_cluster.json"))
  emr_component = one([for tag in local.emr_cluster.Tags : tag.Value if tag.Key == local.tag_keys.emr_component])

  lake_bucket      = coalesce(var.lake_bucket_name, "${local.name}-lake-${local.account}-${local.region}")
  artifacts_bucket = coalesce(var.artifacts_bucket_name, "${local.name}-artifacts-${local.account}-${local.region}")
  athena_results   = "athena-results"
  logs_prefix      = "logs"
  airflow_logs     = "${local.logs_prefix}/airflow"

  subnet_id = coalesce(var.subnet_id, try(sort(data.aws_subnets.default[0].ids)[0], null))

  # The images each profile's instance pulls (boot.sh pulls the same): only dev serves the dashboards.
  profile_images = { pipeline = ["airflow", "postgres"], dev = ["airflow", "postgres", "superset"] }

  # dbt's Athena target writes <database>_staging and <database>_marts (dbt/dbt_project.yml).
  glue_database  = "sparkflow"
  glue_databases = [local.glue_database, "${local.glue_database}_staging", "${local.glue_database}_marts"]
}

module "storage" {
  source = "./modules/storage"

  lake_bucket_name      = local.lake_bucket
  artifacts_bucket_name = local.artifacts_bucket
  lake_zones            = local.lake_zones
  athena_results_prefix = local.athena_results
  # The local engine runs the jobs on the instance: it writes the lake as the EMR cluster's role does, no more.
  jobs_lake_writes_policy_json = module.emr.jobs_lake_writes_policy_json
  logs_prefix           = local.logs_prefix
  force_destroy         = var.force_destroy_buckets
  tags                  = local.tags

  artifacts_access_log_bucket = var.artifacts_access_log_bucket
  lake_data_events_trail      = var.lake_data_events ? "${local.name}-lake-data-events" : null
}

module "catalog" {
  source = "./modules/catalog"

  lake_bucket_name    = module.storage.lake_bucket_name
  results_bucket_name = module.storage.lake_bucket_name
  results_prefix      = local.athena_results
  database_name       = local.glue_database
  workgroup_name      = local.name
  tags                = local.tags
}

module "guardrails" {
  source = "./modules/guardrails"

  name               = local.name
  monthly_budget_usd = var.monthly_budget_usd
  ebs_encryption     = var.ebs_encryption_by_default
  alert_emails       = var.alert_emails
  tags               = local.tags
}

module "emr" {
  source = "./modules/emr"

  name                 = local.name
  lake_bucket_arn      = module.storage.lake_bucket_arn
  lake_zones           = local.lake_zones
  artifacts_bucket_arn = module.storage.artifacts_bucket_arn
  jars_prefix          = split("/", local.platform.artifacts.jobs_jar)[0]
  log_prefix           = "${local.logs_prefix}/emr"
  subnet_id            = local.subnet_id
  tags                 = local.tags

  permissions_boundary_arn = local.permissions_boundary_arn
  kms_key_arn              = var.emr_kms_key_arn
}

# The image repositories the instances pull from (the deploy workflow pushes, the bundle names digests).
module "registry" {
  source = "./modules/registry"

  name = local.name
  tags = local.tags
}

module "launcher" {
  source = "./modules/launcher"

  name             = local.name
  environment      = var.environment
  release_version  = var.release_version
  launcher_jar_key = local.artifact_keys.launcher_jar

  lake_bucket_name      = module.storage.lake_bucket_name
  lake_bucket_arn       = module.storage.lake_bucket_arn
  lake_zones            = local.lake_zones
  athena_results_prefix = local.athena_results
  # The local engine runs the jobs on the instance: it writes the lake as the EMR cluster's role does, no more.
  jobs_lake_writes_policy_json = module.emr.jobs_lake_writes_policy_json
  artifacts_bucket_name = module.storage.artifacts_bucket_name
  artifacts_bucket_arn  = module.storage.artifacts_bucket_arn
  artifact_prefixes = {
    bundles = split("/", local.platform.artifacts.bundle)[0]
    tools   = split("/", local.platform.artifacts.compose)[0]
    backups = split("/", local.platform.artifacts.metadata_backup)[0]
    logs    = local.airflow_logs
  }

  ssm_prefix        = local.ssm.prefix
  shared_parameters = [local.ssm.bundle_pointer, local.ssm.compose_pointer]
  tag_keys          = local.tag_keys
  emr_component     = local.emr_component
  instance_settings = {
    idle_minutes          = local.platform.instance.idle_minutes
    pipeline_idle_minutes = local.platform.instance.pipeline_idle_minutes
    max_lifetime_hours    = local.platform.instance.max_lifetime_hours
    airflow_port          = local.platform.instance.airflow_port
  }
  instance_type    = var.instance_type
  use_spot         = var.use_spot
  emr_idle_minutes = var.emr_idle_minutes
  vpc_id           = data.aws_subnet.this.vpc_id
  subnet_id        = local.subnet_id

  alerts_topic_arn      = module.guardrails.alerts_topic_arn
  emr_service_role_arn  = module.emr.service_role_arn
  emr_instance_role_arn = module.emr.instance_role_arn
  athena_workgroup_name = module.catalog.athena_workgroup_name
  airflow_environment = {
    remote_log_folder  = "s3://${module.storage.artifacts_bucket_name}/${local.airflow_logs}"
    athena_staging_dir = "s3://${module.storage.lake_bucket_name}/${local.athena_results}/dbt/"
    athena_data_dir    = "s3://${module.storage.lake_bucket_name}/${local.lake_zones.marts}/"
    athena_work_group  = module.catalog.athena_workgroup_name
  }
  glue_database_names   = local.glue_databases
  image_repository_arns = { for profile, images in local.profile_images : profile => [for image in images : module.registry.repository_arns[image]] }
  tags                  = local.tags

  permissions_boundary_arn = local.permissions_boundary_arn
}
