# What the plan role may do: read the state (never take the lock: the plan job runs `terraform plan -lock=false`)
# and read what the root stack manages, to show a plan on any branch or pull request of this repository. It
# writes nothing, and never reads the Airflow secrets; because the AWS provider reads SecureStrings with
# decryption when it refreshes them, the plan job plans with -refresh=false and the gated apply refreshes.

data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
  }

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.state.arn}/*"]
  }

  statement {
    sid = "ReadPlatformBuckets"
    actions = [
      "s3:ListBucket", "s3:GetBucket*", "s3:GetLifecycleConfiguration", "s3:GetEncryptionConfiguration",
      "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration",
    ]
    resources = [local.platform_buckets]
  }

  statement {
    sid = "ReadPlatformRoles"
    actions = [
      "iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole", "iam:GetInstanceProfile",
    ]
    resources = local.role_arns
  }

  statement {
    sid = "ReadLauncherFunction"
    actions = [
      "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:ListVersionsByFunction",
      "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency", "lambda:GetRuntimeManagementConfig",
      "lambda:GetFunctionRecursionConfig", "lambda:GetAlias", "lambda:ListAliases", "lambda:GetPolicy",
      "lambda:ListTags",
    ]
    resources = ["${local.arn.lambda}:function:sparkflow-*"]
  }

  # These actions support no resource-level permissions: AWS accepts only Resource "*" for them.
  statement {
    sid = "UnscopableReads"
    actions = [
      "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions", "ec2:DescribeSecurityGroups",
      "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags",
      "ec2:DescribeImages", "ec2:GetEbsEncryptionByDefault", "logs:DescribeLogGroups", "ssm:DescribeParameters", "cloudtrail:DescribeTrails",
      "elasticmapreduce:DescribeSecurityConfiguration",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ReadImageRepositories"
    actions   = ["ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:ListTagsForResource"]
    resources = ["${local.arn.ecr}:repository/sparkflow-*"]
  }

  statement {
    sid       = "ReadVpcAttributes"
    actions   = ["ec2:DescribeVpcAttribute"]
    resources = ["${local.arn.ec2}:vpc/*"]
  }

  statement {
    sid = "ReadTablesTopicsRulesAndLogs"
    actions = [
      "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive",
      "dynamodb:ListTagsOfResource", "logs:ListTagsForResource", "events:DescribeRule", "events:ListTargetsByRule",
      "events:ListTagsForResource", "sns:GetTopicAttributes", "sns:GetSubscriptionAttributes",
      "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource",
    ]
    resources = [
      "${local.arn.dynamodb}:table/sparkflow-*",
      "${local.arn.logs}:log-group:/aws/lambda/sparkflow-*",
      "${local.arn.events}:rule/sparkflow-*",
      "${local.arn.sns}:sparkflow-*",
    ]
  }

  statement {
    sid       = "ReadPlatformParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:ListTagsForResource"]
    resources = ["${local.arn.ssm}:parameter${local.ssm_scope}", "${local.arn.ssm}:parameter${local.ssm_scope}/*"]
  }

  statement {
    sid       = "PublicAmiParameter"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = ["arn:${local.partition}:ssm:${var.region}::parameter/aws/service/ami-amazon-linux-latest/*"]
  }

  statement {
    sid       = "NeverTheAirflowSecrets"
    effect    = "Deny"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory"]
    resources = local.secret_parameters
  }

  statement {
    sid       = "ReadBudget"
    actions   = ["budgets:ViewBudget", "budgets:ListTagsForResource"]
    resources = ["arn:${local.partition}:budgets::${local.account}:budget/sparkflow-*"]
  }

  statement {
    sid       = "ReadCatalog"
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitionIndexes", "glue:GetTags"]
    resources = [
      "${local.arn.glue}:catalog",
      "${local.arn.glue}:database/sparkflow*",
      "${local.arn.glue}:table/sparkflow*/*",
      "${local.arn.glue}:userDefinedFunction/sparkflow*/*",
    ]
  }

  statement {
    sid       = "ReadWorkgroup"
    actions   = ["athena:GetWorkGroup", "athena:ListTagsForResource"]
    resources = ["${local.arn.athena}:workgroup/sparkflow-*"]
  }

  statement {
    sid       = "ReadTrail"
    actions   = ["cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags"]
    resources = ["${local.arn.cloudtrail}:trail/sparkflow-*"]
  }
}
