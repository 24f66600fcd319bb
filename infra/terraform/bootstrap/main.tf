# One-time bootstrap: the Terraform state bucket (S3 native locking, no DynamoDB table), the GitHub OIDC
# deploy and plan roles, and the permissions boundary every role of the stack carries. Every SparkFlow resource is named sparkflow-*, which is what the deploy role is scoped to.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  platform     = yamldecode(file("${path.root}/../../../config/platform.yml"))
  account      = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition
  state_bucket = coalesce(var.state_bucket_name, "sparkflow-tfstate-${local.account}-${var.region}")
  deploy_role  = "sparkflow-github-deploy"
  plan_role    = "sparkflow-github-plan"
  boundary_arn = "arn:${local.partition}:iam::${local.account}:policy/${local.platform.iam.permissions_boundary}"
  # Every deployment's parameters: config/platform.yml's prefix for any {env}.
  ssm_scope = replace(local.platform.ssm.prefix, "{env}", "*")
  # The Airflow and dashboards secrets (SecureStrings) of every deployment: the plan role must not read them.
  secret_parameters = concat(
    [for name in local.platform.ssm.airflow_secrets : "${local.arn.ssm}:parameter${replace(replace(local.platform.ssm.airflow_prefix, "{env}", "*"), "{profile}", "*")}/${name}"],
    [for name in local.platform.ssm.superset_secrets : "${local.arn.ssm}:parameter${replace(local.platform.ssm.superset_prefix, "{env}", "*")}/${name}"],
  )
  arn               = { for service in ["ec2", "lambda", "logs", "events", "ssm", "sns", "dynamodb", "glue", "athena", "elasticmapreduce", "cloudtrail", "ecr"] : service => "arn:${local.partition}:${service}:${var.region}:${local.account}" }
}

resource "aws_s3_bucket" "state" {
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles cost for a few kilobytes that versioning already protects.
  #checkov:skip=CKV_AWS_145:SSE-S3 instead of a customer-managed KMS key (1 USD a month); the bucket is private and TLS-only.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to state changes; event notifications have no consumer.
  bucket = local.state_bucket
}

# Server access logs of the state bucket, into a bucket the administrator names (the bootstrap creates no second
# bucket); CloudTrail's management events record every change to the bucket's configuration either way.
resource "aws_s3_bucket_logging" "state" {
  count = var.state_access_log_bucket == null ? 0 : 1

  bucket        = aws_s3_bucket.state.id
  target_bucket = var.state_access_log_bucket
  target_prefix = "s3-access/${local.state_bucket}/"
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "keep-90-days-of-old-states"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 90
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

data "aws_iam_policy_document" "state" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket     = aws_s3_bucket.state.id
  policy     = data.aws_iam_policy_document.state.json
  depends_on = [aws_s3_bucket_public_access_block.state]
}

module "github_oidc" {
  source = "../modules/github_oidc"

  create_provider = var.create_oidc_provider
  repository      = var.repository
  environments    = var.environments
  role_name        = local.deploy_role
  policy_json      = data.aws_iam_policy_document.deploy.json
  plan_role_name   = local.plan_role
  plan_policy_json = data.aws_iam_policy_document.plan.json
}
