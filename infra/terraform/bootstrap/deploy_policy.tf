# What the deploy (write) role may do: read and write the state, upload artifacts, and apply the root stack to
# resources named sparkflow-* (or under /sparkflow/ in SSM). Describe/List calls that AWS does not scope
# to resources use "*"; every write names its resources. Every role it creates or changes carries the
# permissions boundary (boundary.tf), so no role it makes can do more than the boundary allows; it can neither
# remove nor replace the boundary, nor touch the deploy roles or the state bucket's configuration.
# The plan role (plan_policy.tf) only reads.

locals {
  platform_buckets = "arn:${local.partition}:s3:::sparkflow-*"
  role_arns = [
    "arn:${local.partition}:iam::${local.account}:role/sparkflow-*",
    "arn:${local.partition}:iam::${local.account}:instance-profile/sparkflow-*",
  ]
  managed_policies = [
    "arn:${local.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2",
  ]
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
  }

  statement {
    sid       = "StateObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.state.arn}/*"]
  }

  statement {
    sid = "PlatformBuckets"
    actions = [
      "s3:CreateBucket", "s3:ListBucket", "s3:GetBucket*", "s3:GetLifecycleConfiguration",
      "s3:GetEncryptionConfiguration", "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration",
      "s3:PutBucket*", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration", "s3:DeleteBucketPolicy",
    ]
    resources = [local.platform_buckets]
  }

  # The state bucket is named sparkflow-* too: its policy, versioning and lifecycle are the bootstrap's alone.
  statement {
    sid    = "NotTheStateBucketConfiguration"
    effect = "Deny"
    actions = [
      "s3:PutBucket*", "s3:DeleteBucket*", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration",
      "s3:PutReplicationConfiguration", "s3:PutAccelerateConfiguration",
    ]
    resources = [aws_s3_bucket.state.arn]
  }

  statement {
    sid       = "UploadArtifacts"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["arn:${local.partition}:s3:::sparkflow-*-artifacts-*/*"]
  }

  # Reading and re-describing a role, its trust and its instance profile change none of its permissions.
  statement {
    sid = "PlatformRoles"
    actions = [
      "iam:GetRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
      "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
      "iam:CreateInstanceProfile", "iam:GetInstanceProfile", "iam:TagInstanceProfile", "iam:UntagInstanceProfile",
      "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
    ]
    resources = local.role_arns
  }

  # Creating a role, or changing what it may do, only with the boundary on it: IAM compares iam:PermissionsBoundary
  # with the requested boundary for CreateRole and PutRolePermissionsBoundary, with the role's own for the others.
  statement {
    sid = "OnlyBoundedRoles"
    actions = [
      "iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary",
    ]
    resources = ["arn:${local.partition}:iam::${local.account}:role/sparkflow-*"]

    condition {
      test     = "ArnEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.boundary_arn]
    }
  }

  statement {
    sid       = "AttachOnlyKnownManagedPolicies"
    actions   = ["iam:AttachRolePolicy"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/sparkflow-*"]

    condition {
      test     = "ArnEquals"
      variable = "iam:PolicyARN"
      values   = local.managed_policies
    }

    condition {
      test     = "ArnEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.boundary_arn]
    }
  }

  # IfExists: AddRoleToInstanceProfile also checks iam:PassRole, without naming a service. The deploy roles are the
  # only sparkflow-* roles without the boundary, and NotTheDeployRolesNorTheBoundary denies passing them.
  statement {
    sid       = "PassPlatformRoles"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/sparkflow-*"]

    condition {
      test     = "StringEqualsIfExists"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com", "ec2.amazonaws.com"]
    }
  }

  # The deploy roles must never rewrite their own permissions or trust, nor be passed to a service, although
  # their names match sparkflow-*; the boundary policy is the bootstrap's alone.
  statement {
    sid     = "NotTheDeployRolesNorTheBoundary"
    effect  = "Deny"
    actions = ["iam:*"]
    resources = [
      "arn:${local.partition}:iam::${local.account}:role/${local.deploy_role}",
      "arn:${local.partition}:iam::${local.account}:role/${local.plan_role}",
      local.boundary_arn,
    ]
  }

  # A boundary, once on a role, stays: never removed, never replaced by another.
  statement {
    sid       = "KeepTheBoundary"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/*"]
  }

  statement {
    sid       = "NoOtherBoundary"
    effect    = "Deny"
    actions   = ["iam:CreateRole", "iam:PutRolePermissionsBoundary"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/*"]

    condition {
      test     = "ArnNotEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.boundary_arn]
    }
  }

  statement {
    sid = "LauncherFunction"
    actions = [
      "lambda:CreateFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion", "lambda:ListVersionsByFunction",
      "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency", "lambda:PutFunctionConcurrency",
      "lambda:GetRuntimeManagementConfig", "lambda:GetFunctionRecursionConfig",
      "lambda:CreateAlias", "lambda:GetAlias", "lambda:UpdateAlias", "lambda:ListAliases",
      "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
      "lambda:TagResource", "lambda:UntagResource", "lambda:ListTags",
    ]
    resources = ["${local.arn.lambda}:function:sparkflow-*"]
  }

  # These actions support no resource-level permissions: AWS accepts only Resource "*" for them.
  statement {
    sid = "UnscopableActions"
    actions = [
      "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions", "ec2:DescribeSecurityGroups",
      "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags",
      "ec2:DescribeImages", "ec2:GetEbsEncryptionByDefault", "ec2:EnableEbsEncryptionByDefault",
      "logs:DescribeLogGroups", "ssm:DescribeParameters", "cloudtrail:DescribeTrails", "elasticmapreduce:CreateSecurityConfiguration", "elasticmapreduce:DescribeSecurityConfiguration",
      "elasticmapreduce:DeleteSecurityConfiguration", "ecr:GetAuthorizationToken",
    ]
    resources = ["*"]
  }

  # The image repositories (registry module): Terraform manages them, the deploy job pushes the Airflow image and
  # the Postgres mirror and reads back their digests. No repository policy, no other repository.
  statement {
    sid = "ImageRepositories"
    actions = [
      "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories", "ecr:PutImageTagMutability",
      "ecr:PutImageScanningConfiguration", "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy",
      "ecr:DeleteLifecyclePolicy", "ecr:TagResource", "ecr:UntagResource", "ecr:ListTagsForResource",
      "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
      "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages",
    ]
    resources = ["${local.arn.ecr}:repository/sparkflow-*"]
  }

  statement {
    sid       = "ReadVpcAttributes"
    actions   = ["ec2:DescribeVpcAttribute"]
    resources = ["${local.arn.ec2}:vpc/*"]
  }

  statement {
    sid = "LaunchTemplateAndSecurityGroups"
    actions = [
      "ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate",
      "ec2:DeleteLaunchTemplateVersions", "ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupEgress",
      "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
    ]
    resources = [
      "${local.arn.ec2}:launch-template/*",
      "${local.arn.ec2}:security-group/*",
      "${local.arn.ec2}:security-group-rule/*",
      "${local.arn.ec2}:vpc/*",
    ]
  }

  statement {
    sid       = "DeleteOnlyOurNetworkResources"
    actions   = ["ec2:DeleteSecurityGroup", "ec2:DeleteLaunchTemplate"]
    resources = ["${local.arn.ec2}:launch-template/*", "${local.arn.ec2}:security-group/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Project"
      values   = ["sparkflow"]
    }
  }

  statement {
    sid       = "TagWhileCreating"
    actions   = ["ec2:CreateTags"]
    resources = ["${local.arn.ec2}:launch-template/*", "${local.arn.ec2}:security-group/*", "${local.arn.ec2}:security-group-rule/*"]

    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["CreateLaunchTemplate", "CreateSecurityGroup", "AuthorizeSecurityGroupEgress"]
    }
  }

  statement {
    sid       = "TagSubnetForEmr"
    actions   = ["ec2:CreateTags", "ec2:DeleteTags"]
    resources = ["${local.arn.ec2}:subnet/*"]

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["for-use-with-amazon-emr-managed-policies"]
    }
  }

  statement {
    sid = "LockTable"
    actions = [
      "dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:DescribeContinuousBackups",
      "dynamodb:UpdateContinuousBackups", "dynamodb:DescribeTimeToLive", "dynamodb:TagResource",
      "dynamodb:UntagResource", "dynamodb:ListTagsOfResource",
    ]
    resources = ["${local.arn.dynamodb}:table/sparkflow-*"]
  }

  statement {
    sid       = "LogGroups"
    actions   = ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource"]
    resources = ["${local.arn.logs}:log-group:/aws/lambda/sparkflow-*"]
  }

  statement {
    sid = "JanitorRule"
    actions = [
      "events:PutRule", "events:DescribeRule", "events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule",
      "events:TagResource", "events:UntagResource", "events:ListTagsForResource",
    ]
    resources = ["${local.arn.events}:rule/sparkflow-*"]
  }

  statement {
    sid = "PlatformParameters"
    actions = [
      "ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:AddTagsToResource",
      "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource",
    ]
    resources = ["${local.arn.ssm}:parameter${local.ssm_scope}", "${local.arn.ssm}:parameter${local.ssm_scope}/*"]
  }

  statement {
    sid       = "PublicAmiParameter"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = ["arn:${local.partition}:ssm:${var.region}::parameter/aws/service/ami-amazon-linux-latest/*"]
  }

  statement {
    sid = "AlertsTopic"
    actions = [
      "sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe",
      "sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic", "sns:TagResource", "sns:UntagResource",
      "sns:ListTagsForResource",
    ]
    resources = ["${local.arn.sns}:sparkflow-*"]
  }

  statement {
    sid       = "Budget"
    actions   = ["budgets:ViewBudget", "budgets:ModifyBudget", "budgets:TagResource", "budgets:UntagResource", "budgets:ListTagsForResource"]
    resources = ["arn:${local.partition}:budgets::${local.account}:budget/sparkflow-*"]
  }

  statement {
    sid = "Catalog"
    actions = [
      "glue:CreateDatabase", "glue:GetDatabase", "glue:UpdateDatabase", "glue:CreateTable", "glue:GetTable",
      "glue:GetTables", "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartitionIndexes", "glue:GetTags", "glue:TagResource", "glue:UntagResource",
    ]
    resources = [
      "${local.arn.glue}:catalog",
      "${local.arn.glue}:database/sparkflow*",
      "${local.arn.glue}:table/sparkflow*/*",
      "${local.arn.glue}:userDefinedFunction/sparkflow*/*",
    ]
  }

  statement {
    sid = "Workgroup"
    actions = [
      "athena:CreateWorkGroup", "athena:GetWorkGroup", "athena:UpdateWorkGroup", "athena:TagResource",
      "athena:UntagResource", "athena:ListTagsForResource",
    ]
    resources = ["${local.arn.athena}:workgroup/sparkflow-*"]
  }

  statement {
    sid = "LakeDataEventsTrail"
    actions = [
      "cloudtrail:CreateTrail", "cloudtrail:UpdateTrail", "cloudtrail:DeleteTrail", "cloudtrail:StartLogging",
      "cloudtrail:StopLogging", "cloudtrail:PutEventSelectors", "cloudtrail:GetEventSelectors",
      "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:AddTags",
      "cloudtrail:RemoveTags", "cloudtrail:ListTags",
    ]
    resources = ["${local.arn.cloudtrail}:trail/sparkflow-*"]
  }
}
