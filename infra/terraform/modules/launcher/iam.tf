# The launcher's role: start instances only from our launch templates, tag them only while starting them,
# end only what carries the managed tag, open SSH only on the dev security group.

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${var.name}-launcher"
  description        = "Role of the SparkFlow launcher Lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
  # The deploy role may create this role only under the boundary (infra/terraform/bootstrap/boundary.tf).
  permissions_boundary = var.permissions_boundary_arn
}

locals {
  ec2_arn = "arn:${local.partition}:ec2:${local.region}:${local.account}"
}

data "aws_iam_policy_document" "lambda" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  statement {
    sid     = "RunFromOurLaunchTemplates"
    actions = ["ec2:RunInstances"]
    resources = [
      aws_launch_template.this["pipeline"].arn,
      aws_launch_template.this["dev"].arn,
      "${local.ec2_arn}:instance/*",
      "${local.ec2_arn}:volume/*",
      "${local.ec2_arn}:network-interface/*",
      "${local.ec2_arn}:spot-instances-request/*",
      "${local.ec2_arn}:subnet/${var.subnet_id}",
      "${local.ec2_arn}:security-group/${aws_security_group.this.id}",
      "${local.ec2_arn}:security-group/${aws_security_group.dev.id}",
      "arn:${local.partition}:ec2:${local.region}::image/*",
    ]

    condition {
      test     = "ArnEquals"
      variable = "ec2:LaunchTemplate"
      values   = [aws_launch_template.this["pipeline"].arn, aws_launch_template.this["dev"].arn]
    }
  }

  statement {
    sid     = "TagOnlyWhileLaunching"
    actions = ["ec2:CreateTags"]
    resources = [
      "${local.ec2_arn}:instance/*",
      "${local.ec2_arn}:volume/*",
      "${local.ec2_arn}:network-interface/*",
      "${local.ec2_arn}:spot-instances-request/*",
    ]

    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["RunInstances"]
    }
  }

  # EC2's Describe actions support no resource-level permissions: Resource "*" is the only form AWS accepts.
  statement {
    sid       = "FindInstancesAndRules"
    actions   = ["ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ec2:DescribeSecurityGroups"]
    resources = ["*"]
  }

  statement {
    sid       = "EndOnlyOurInstances"
    actions   = ["ec2:TerminateInstances"]
    resources = ["${local.ec2_arn}:instance/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/${var.tag_keys["managed"]}"
      values   = ["true"]
    }
  }

  statement {
    sid       = "PassOnlyTheInstanceRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.instance["pipeline"].arn, aws_iam_role.instance["dev"].arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }

  statement {
    sid       = "LaunchLock"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.lock.arn]
  }

  # ListClusters supports no resource-level permissions; the janitor filters by tag itself.
  statement {
    sid       = "ListClusters"
    actions   = ["elasticmapreduce:ListClusters"]
    resources = ["*"]
  }

  # Reading is how the janitor learns a cluster's tags and last step; ending needs the tag.
  statement {
    sid       = "ReadClusters"
    actions   = ["elasticmapreduce:DescribeCluster", "elasticmapreduce:ListSteps"]
    resources = ["arn:${local.partition}:elasticmapreduce:${local.region}:${local.account}:cluster/*"]
  }

  statement {
    sid       = "EndOnlyOurClusters"
    actions   = ["elasticmapreduce:TerminateJobFlows"]
    resources = ["arn:${local.partition}:elasticmapreduce:${local.region}:${local.account}:cluster/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/${var.tag_keys["emr_component"]}"
      values   = [var.emr_component]
    }
  }

  statement {
    sid       = "OpenSshOnDevGroupOnly"
    actions   = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
    resources = ["${local.ec2_arn}:security-group/${aws_security_group.dev.id}"]
  }

  statement {
    sid       = "DeadLetterToAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}

resource "aws_iam_role_policy" "lambda" {
  name   = "launcher"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}
