# The launcher Lambda (SnapStart, alias `live`), its lock table and log group, and what invokes it:
# S3 events for landing/ on the lake bucket and the janitor's EventBridge schedule.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  region    = data.aws_region.current.region
  partition = data.aws_partition.current.partition
  function  = "${var.name}-launcher"
}

resource "aws_dynamodb_table" "lock" {
  #checkov:skip=CKV_AWS_119:Encrypted with the AWS-owned key; a customer-managed key costs 1 USD a month and the table holds only lock records.
  name         = "${var.name}-launch-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "profile"
  tags         = var.tags

  attribute {
    name = "profile"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts every log group by default; a customer-managed key costs 1 USD a month.
  #checkov:skip=CKV_AWS_338:A year of retention costs more than the platform; launch and janitor logs matter for days, not months.
  name              = "/aws/lambda/${local.function}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:The function only calls AWS APIs; a VPC would need a NAT gateway (about 32 USD a month) or several interface endpoints.
  #checkov:skip=CKV_AWS_173:The environment holds names and numbers only, no secret, so the default encryption is enough.
  #checkov:skip=CKV_AWS_272:The deploy workflow uploads the jar with its sha256 from a commit on main; Lambda code signing would add a signing profile for one function.
  function_name                  = local.function
  description                    = "Starts, reports on and ends SparkFlow's EC2 instance; the janitor ends what outlived its deadline"
  role                           = aws_iam_role.lambda.arn
  runtime                        = "java21"
  handler                        = "dev.sparkflow.launcher.handler.LauncherHandler::handleRequest"
  s3_bucket                      = var.artifacts_bucket_name
  s3_key                         = var.launcher_jar_key
  memory_size                    = 512
  # Above the 2-minute wait on another launch's lock (plus RunInstances and the answer), below dev-env's 3-minute
  # client timeout; the function also bounds that wait by its invocation's remaining time.
  timeout                        = 150
  publish                        = true
  reserved_concurrent_executions = var.reserved_concurrency
  tags                           = var.tags

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = {
      SPARKFLOW_ENV                   = var.environment
      SPARKFLOW_LAUNCH_TEMPLATE       = aws_launch_template.this["pipeline"].name
      SPARKFLOW_DEV_LAUNCH_TEMPLATE   = aws_launch_template.this["dev"].name
      SPARKFLOW_LOCK_TABLE            = aws_dynamodb_table.lock.name
      SPARKFLOW_BUNDLE_VERSION        = var.release_version
      SPARKFLOW_MAX_LIFETIME_HOURS    = tostring(var.instance_settings.max_lifetime_hours)
      SPARKFLOW_IDLE_MINUTES          = tostring(var.instance_settings.idle_minutes)
      SPARKFLOW_PIPELINE_IDLE_MINUTES = tostring(var.instance_settings.pipeline_idle_minutes)
      SPARKFLOW_AIRFLOW_PORT          = tostring(var.instance_settings.airflow_port)
      SPARKFLOW_SPOT                  = tostring(var.use_spot)
      SPARKFLOW_ARTIFACTS_BUCKET      = var.artifacts_bucket_name
      SPARKFLOW_LAKE_BUCKET           = var.lake_bucket_name
      SPARKFLOW_EMR_IDLE_MINUTES      = tostring(var.emr_idle_minutes)
      SPARKFLOW_DEV_SECURITY_GROUP    = aws_security_group.dev.id
      SPARKFLOW_AIRFLOW_LOG_FOLDER    = var.airflow_environment.remote_log_folder
      SPARKFLOW_ATHENA_STAGING_DIR    = var.airflow_environment.athena_staging_dir
      SPARKFLOW_ATHENA_DATA_DIR       = var.airflow_environment.athena_data_dir
      SPARKFLOW_ATHENA_WORKGROUP      = var.airflow_environment.athena_work_group
    }
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.this.name
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }

  tracing_config {
    mode = "PassThrough"
  }

  # S3 and EventBridge invoke asynchronously: an event that still fails after Lambda's retries reaches the alerts topic.
  dead_letter_config {
    target_arn = var.alerts_topic_arn
  }

  depends_on = [aws_iam_role_policy.lambda, aws_cloudwatch_log_group.this]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "The published version every caller invokes"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_lambda_permission" "landing" {
  statement_id   = "S3LandingEvents"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this.function_name
  qualifier      = aws_lambda_alias.live.name
  principal      = "s3.amazonaws.com"
  source_arn     = var.lake_bucket_arn
  source_account = local.account
}

resource "aws_s3_bucket_notification" "landing" {
  bucket = var.lake_bucket_name

  lambda_function {
    id                  = "landing-to-launcher"
    lambda_function_arn = aws_lambda_alias.live.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "${var.lake_zones["landing"]}/"
  }

  depends_on = [aws_lambda_permission.landing]
}

resource "aws_cloudwatch_event_rule" "janitor" {
  name                = "${var.name}-janitor"
  description         = "Runs the launcher's janitor: ends instances and EMR clusters past their deadline"
  schedule_expression = var.janitor_schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "janitor" {
  rule = aws_cloudwatch_event_rule.janitor.name
  arn  = aws_lambda_alias.live.arn
}

resource "aws_lambda_permission" "janitor" {
  statement_id  = "JanitorSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.janitor.arn
}
