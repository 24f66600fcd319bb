# The lake and artifacts buckets: private, SSE-S3 encrypted, TLS-only, versioned, with lifecycle rules.
# Both buckets get the same guard rails from one for_each, so neither can be left without one.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  buckets = {
    lake      = var.lake_bucket_name
    artifacts = var.artifacts_bucket_name
  }
  trail_arn    = var.lake_data_events_trail == null ? null : "arn:${data.aws_partition.current.partition}:cloudtrail:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:trail/${var.lake_data_events_trail}"
  trail_prefix = "${var.logs_prefix}/cloudtrail"
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  #checkov:skip=CKV_AWS_144:Cross-region replication doubles storage cost; raw/ keeps every landed file and versioning protects against deletes.
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES-256) instead of a customer-managed KMS key: a CMK costs 1 USD a month, more than the idle platform.
  #checkov:skip=CKV2_AWS_61:Both buckets have lifecycle rules (aws_s3_bucket_lifecycle_configuration.lake and .artifacts, asserted by infra/tests); checkov cannot follow the for_each keys.
  #checkov:skip=CKV2_AWS_62:Only landing/ needs an event (the launcher's S3 notification on the lake bucket, in the launcher module).
  bucket        = each.value
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Name = each.value })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = aws_s3_bucket.this

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

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

  statement {
    sid       = "DenyOutdatedTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }

  # S3 delivers the lake's server access logs (aws_s3_bucket_logging below) into the artifacts bucket.
  dynamic "statement" {
    for_each = each.key == "artifacts" ? [aws_s3_bucket.this["lake"].arn] : []

    content {
      sid       = "LakeAccessLogDelivery"
      actions   = ["s3:PutObject"]
      resources = ["${each.value.arn}/${var.logs_prefix}/s3-access/lake/*"]

      principals {
        type        = "Service"
        identifiers = ["logging.s3.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [statement.value]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }
    }
  }

  # CloudTrail delivers the lake's data events (aws_cloudtrail.lake_data_events below) into the artifacts bucket,
  # only for that trail and only under logs/cloudtrail/AWSLogs/<this account>/.
  dynamic "statement" {
    for_each = each.key == "artifacts" && local.trail_arn != null ? [local.trail_arn] : []

    content {
      sid       = "TrailAclCheck"
      actions   = ["s3:GetBucketAcl"]
      resources = [each.value.arn]

      principals {
        type        = "Service"
        identifiers = ["cloudtrail.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceArn"
        values   = [statement.value]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "artifacts" && local.trail_arn != null ? [local.trail_arn] : []

    content {
      sid       = "TrailDelivery"
      actions   = ["s3:PutObject"]
      resources = ["${each.value.arn}/${local.trail_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]

      principals {
        type        = "Service"
        identifiers = ["cloudtrail.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceArn"
        values   = [statement.value]
      }

      condition {
        test     = "StringEquals"
        variable = "s3:x-amz-acl"
        values   = ["bucket-owner-full-control"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  # The public access block must exist first, or a policy change could race it.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Who read or wrote which object of the lake: S3 server access logs, delivered to the artifacts bucket under
# logs/s3-access/lake/ (free to deliver; they expire with the logs/ rule). The artifacts bucket logs only when
# artifacts_access_log_bucket names a bucket for it (logging it into itself would log every delivery again).
resource "aws_s3_bucket_logging" "this" {
  for_each = merge(
    { lake = { target = aws_s3_bucket.this["artifacts"].id, prefix = "${var.logs_prefix}/s3-access/lake/" } },
    var.artifacts_access_log_bucket == null ? {} : {
      artifacts = { target = var.artifacts_access_log_bucket, prefix = "s3-access/${var.artifacts_bucket_name}/" }
    },
  )

  bucket        = aws_s3_bucket.this[each.key].id
  target_bucket = each.value.target
  target_prefix = each.value.prefix

  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}

# Who called which S3 API on which lake object, with the caller's identity (role session, source IP, user agent):
# CloudTrail data events, the record the server access logs above cannot give (0.10 USD per 100,000 events: a
# household's few thousand a month cost cents). Delivered under logs/cloudtrail/, out of the instance roles' reach,
# expired with logs/. Turned off only by the root variable lake_data_events = false.
resource "aws_cloudtrail" "lake_data_events" {
  #checkov:skip=CKV_AWS_35:SSE-S3 like every object of the artifacts bucket; a customer-managed KMS key costs 1 USD a month, more than the idle platform.
  #checkov:skip=CKV_AWS_67:A data-event trail for one bucket in this region; management events of every region stay in CloudTrail's free event history.
  #checkov:skip=CKV_AWS_252:Nobody subscribes to per-file delivery notices; the alerts topic is for failures.
  #checkov:skip=CKV2_AWS_10:CloudWatch Logs ingestion costs 0.50 USD a GB for logs already kept in S3 and queryable with Athena.
  count = local.trail_arn == null ? 0 : 1

  name                          = var.lake_data_events_trail
  s3_bucket_name                = aws_s3_bucket.this["artifacts"].id
  s3_key_prefix                 = local.trail_prefix
  include_global_service_events = false
  is_multi_region_trail         = false
  enable_log_file_validation    = true
  tags                          = var.tags

  advanced_event_selector {
    name = "Every S3 object API call on the lake bucket"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field       = "resources.ARN"
      starts_with = ["${aws_s3_bucket.this["lake"].arn}/"]
    }
  }

  # CloudTrail checks at creation that it may write into the bucket.
  depends_on = [aws_s3_bucket_policy.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.this["lake"].id

  rule {
    id     = "expire-athena-results"
    status = "Enabled"

    filter {
      prefix = "${var.athena_results_prefix}/"
    }

    expiration {
      days = var.athena_results_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "expire-old-quarantine"
    status = "Enabled"

    filter {
      prefix = "${var.lake_zones["quarantine"]}/"
    }

    expiration {
      days = var.quarantine_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  rule {
    id     = "tidy-versions-and-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    expiration {
      expired_object_delete_marker = true
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.this["artifacts"].id

  rule {
    id     = "expire-logs"
    status = "Enabled"

    filter {
      prefix = "${var.logs_prefix}/"
    }

    expiration {
      days = var.logs_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "tidy-versions-and-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    expiration {
      expired_object_delete_marker = true
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}
