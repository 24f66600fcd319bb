# What the DAG's transient EMR clusters need: the service role, the cluster instances' role and profile,
# a security configuration, and the tag the EMR v2 managed policy requires on the subnet.

locals {
  lake_arn      = var.lake_bucket_arn
  artifacts_arn = var.artifacts_bucket_arn
}

data "aws_iam_policy_document" "emr_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["elasticmapreduce.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_iam_role" "service" {
  name               = "${var.name}-emr-service"
  description        = "EMR service role for SparkFlow's transient clusters"
  assume_role_policy = data.aws_iam_policy_document.emr_assume.json
  tags               = var.tags
  # The deploy role may create this role only under the boundary (infra/terraform/bootstrap/boundary.tf).
  permissions_boundary = var.permissions_boundary_arn
}

# The v2 policy only acts on resources tagged for-use-with-amazon-emr-managed-policies=true.
resource "aws_iam_role_policy_attachment" "service" {
  role       = aws_iam_role.service.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2"
}

# The v2 policy lets EMR pass only roles it is allowed to; the cluster's instance role is ours.
data "aws_iam_policy_document" "service_pass_role" {
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.instance.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "service_pass_role" {
  name   = "pass-instance-role"
  role   = aws_iam_role.service.id
  policy = data.aws_iam_policy_document.service_pass_role.json
}

resource "aws_ec2_tag" "subnet" {
  resource_id = var.subnet_id
  key         = "for-use-with-amazon-emr-managed-policies"
  value       = "true"
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "instance" {
  name               = "${var.name}-emr-instance"
  description        = "Role of the EMR cluster instances: the lake, the jobs jar, the logs"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
  tags               = var.tags
  # The deploy role may create this role only under the boundary (infra/terraform/bootstrap/boundary.tf).
  permissions_boundary = var.permissions_boundary_arn
}

# What the jobs write on the lake, wherever they run: on this module's clusters, and on the Airflow instance when a
# batch is small enough for the local engine (main.tf hands this document to modules/launcher). raw/ is append-only;
# the zones the jobs rewrite (dynamic partition overwrite, batch scratch) may be deleted from; landing/ is not theirs.
data "aws_iam_policy_document" "jobs_lake_writes" {
  statement {
    sid       = "ArchiveRaw"
    actions   = ["s3:PutObject"]
    resources = ["${local.lake_arn}/${var.lake_zones["raw"]}/*"]
  }

  statement {
    sid     = "RewriteZones"
    actions = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      "${local.lake_arn}/${var.lake_zones["validated"]}/*",
      "${local.lake_arn}/${var.lake_zones["quarantine"]}/*",
      "${local.lake_arn}/${var.lake_zones["curated"]}/*",
      "${local.lake_arn}/${var.lake_zones["reports"]}/*",
      "${local.lake_arn}/${var.lake_zones["resolved"]}/*",
    ]
  }
}

data "aws_iam_policy_document" "instance" {
  source_policy_documents = [data.aws_iam_policy_document.jobs_lake_writes.json]

  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake_arn, local.artifacts_arn]
  }

  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/*"]
  }

  statement {
    sid       = "ReadJobsJar"
    actions   = ["s3:GetObject"]
    resources = ["${local.artifacts_arn}/${var.jars_prefix}/*"]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]

    content {
      sid       = "EncryptLocalDisks"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey", "kms:CreateGrant"]
      resources = [statement.value]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${local.artifacts_arn}/${var.log_prefix}/*"]
  }
}

resource "aws_iam_role_policy" "instance" {
  name   = "lake-and-artifacts"
  role   = aws_iam_role.instance.id
  policy = data.aws_iam_policy_document.instance.json
}

resource "aws_iam_instance_profile" "instance" {
  name = "${var.name}-emr-instance"
  role = aws_iam_role.instance.name
  tags = var.tags
}

resource "aws_emr_security_configuration" "this" {
  #checkov:skip=CKV_AWS_349:Local-disk encryption is on when the root variable emr_kms_key_arn names a customer-managed key (1 USD a month); checkov cannot evaluate that variable.
  #checkov:skip=CKV_AWS_350:EBS encryption: with emr_kms_key_arn through this configuration, without it by the account default (aws_ebs_encryption_by_default, root variable ebs_encryption_by_default).
  #checkov:skip=CKV_AWS_351:In-transit encryption needs a certificate bundle to issue and rotate; the clusters are single-node, so Spark traffic stays on one host.
  #checkov:skip=CKV_AWS_171:SSE-S3 instead of SSE-KMS for EMRFS data, as for the buckets themselves: a customer-managed key costs more than the idle platform.
  name = "${var.name}-emr"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = merge(
        { S3EncryptionConfiguration = { EncryptionMode = "SSE-S3" } },
        var.kms_key_arn == null ? {} : {
          LocalDiskEncryptionConfiguration = {
            EncryptionKeyProviderType = "AwsKms"
            AwsKmsKey                 = var.kms_key_arn
            EnableEbsEncryption       = true
          }
        },
      )
    }
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 1
    }
  })
}
