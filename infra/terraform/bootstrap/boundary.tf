# The permissions boundary: the most any role of the stack can ever do, whatever policy the deploy role puts
# on it. A boundary grants nothing by itself (a role's permissions are its policies AND the boundary), so it
# names whole services: the ones the launcher, the Airflow instance (image pulls from ECR included) and the
# EMR clusters use, and among them no way to change an identity. Without IAM writes, sts:AssumeRole or Lambda
# code changes, a role under it cannot make itself or another role more powerful; iam:PassRole reaches only
# the stack's own roles, which carry this same boundary.

data "aws_iam_policy_document" "permissions_boundary" {
  #checkov:skip=CKV_AWS_107:A permissions boundary grants nothing; credential-returning actions in it (ecr:GetAuthorizationToken for image pulls, ec2:GetPasswordData, ssm:GetParameter) are granted, scoped, only by a role's own policy.
  #checkov:skip=CKV_AWS_108:A permissions boundary grants nothing; data reads are bounded again by each role's own policy, which names its buckets and prefixes.
  #checkov:skip=CKV_AWS_109:A permissions boundary grants nothing; resource-policy changes (s3:PutBucketPolicy and the like) are granted, scoped, only by a role's own policy, and no IAM write is in it.
  #checkov:skip=CKV_AWS_111:A permissions boundary grants nothing; write access is bounded again by each role's own policy, which names its resources.
  #checkov:skip=CKV_AWS_356:A permissions boundary grants nothing; Resource "*" here only caps, and each role's own policy scopes its resources.
  statement {
    sid = "WorkloadServices"
    actions = [
      "ec2:*", "elasticmapreduce:*", "s3:*", "dynamodb:*", "logs:*", "cloudwatch:*", "application-autoscaling:*",
      "resource-groups:ListGroupResources", "sns:Publish", "ssm:*", "ssmmessages:*", "ec2messages:*", "athena:*",
      "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability",
    ]
    resources = ["*"]
  }

  # The Data Catalog as dbt and the jobs use it; not glue:*, whose development endpoints run code under a role.
  statement {
    sid = "DataCatalog"
    actions = [
      "glue:GetDatabase", "glue:GetDatabases", "glue:CreateDatabase", "glue:GetTable", "glue:GetTables",
      "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:BatchDeleteTable", "glue:GetPartition",
      "glue:GetPartitions", "glue:BatchGetPartition", "glue:CreatePartition", "glue:UpdatePartition",
      "glue:DeletePartition", "glue:BatchCreatePartition", "glue:BatchDeletePartition", "glue:GetPartitionIndexes",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ReadTheStacksRoles"
    actions   = ["iam:GetRole"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/sparkflow-*"]
  }

  statement {
    sid       = "PassOnlyTheStacksRoles"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/sparkflow-*"]

    condition {
      test     = "StringEqualsIfExists"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com", "elasticmapreduce.amazonaws.com"]
    }
  }

  # Only used when the root's emr_kms_key_arn names a key: the EMR instances encrypt their disks with it.
  statement {
    sid       = "AccountKeys"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey", "kms:CreateGrant"]
    resources = ["arn:${local.partition}:kms:${var.region}:${local.account}:key/*"]
  }

  # EMR's managed service policy creates the Spot service-linked role on first use, and only that one.
  statement {
    sid       = "SpotServiceLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"]

    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["spot.amazonaws.com"]
    }
  }

  statement {
    sid     = "NeverTheDeployRoles"
    effect  = "Deny"
    actions = ["iam:PassRole"]
    resources = [
      "arn:${local.partition}:iam::${local.account}:role/${local.deploy_role}",
      "arn:${local.partition}:iam::${local.account}:role/${local.plan_role}",
    ]
  }

  # Never a way out of the boundary, even if a service wildcard above gains such an action one day.
  statement {
    sid       = "NoIdentityChanges"
    effect    = "Deny"
    actions   = ["iam:Create*", "iam:Put*", "iam:Attach*", "iam:Update*", "iam:Delete*", "iam:Set*", "iam:Add*", "sts:AssumeRole"]
    resources = ["*"]

    condition {
      test     = "StringNotEquals"
      variable = "iam:AWSServiceName"
      values   = ["spot.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "permissions_boundary" {
  name        = local.platform.iam.permissions_boundary
  description = "Permissions boundary of every SparkFlow role: the deploy role can create or change a role only under it"
  policy      = data.aws_iam_policy_document.permissions_boundary.json
}
