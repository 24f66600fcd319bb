# The Airflow instance: launch templates (AL2023, IMDSv2, encrypted gp3), security groups with no inbound rule,
# and the instance role. The user-data is rendered by the launcher for each launch, never stored here.

data "aws_ssm_parameter" "ami" {
  name = var.ami_ssm_parameter
}

resource "aws_security_group" "this" {
  name        = "${var.name}-airflow"
  description = "SparkFlow Airflow instance: no inbound (SSM Session Manager), HTTPS out"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "https" {
  for_each = local.profile_security_groups

  security_group_id = each.value
  description       = "HTTPS to AWS APIs, S3, container and package registries"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

locals {
  profile_security_groups = { pipeline = aws_security_group.this.id, dev = aws_security_group.dev.id }
}

# The launcher adds the developer's own address (/32, port 22) here for a dev instance and removes it after.
resource "aws_security_group" "dev" {
  name        = "${var.name}-dev"
  description = "SparkFlow dev instance: no inbound until the launcher opens SSH for one caller address"
  vpc_id      = var.vpc_id
  tags        = var.tags

  lifecycle {
    ignore_changes = [ingress]
  }
}

# One template per profile, identical but for the security group, so the launcher only picks a name.
resource "aws_launch_template" "this" {
  #checkov:skip=CKV_AWS_341:Hop limit 2 is required: the Airflow containers on Compose's bridge network are one hop further than the host and get no credentials with 1.
  for_each = local.profile_security_groups

  name                                 = "${var.name}-${each.key}"
  description                          = "SparkFlow ${each.key} instance; user-data comes from the launcher"
  image_id                             = data.aws_ssm_parameter.ami.insecure_value
  instance_type                        = var.instance_type
  instance_initiated_shutdown_behavior = "terminate"
  ebs_optimized                        = true
  update_default_version               = true
  tags                                 = var.tags

  # The subnet is fixed so the launcher's RunInstances permission can name it.
  network_interfaces {
    device_index          = 0
    subnet_id             = var.subnet_id
    security_groups       = [each.value]
    delete_on_termination = true
  }

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance[each.key].arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
    instance_metadata_tags      = "enabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_type           = "gp3"
      volume_size           = var.root_volume_size_gb
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = false
  }

  tag_specifications {
    resource_type = "instance"
    tags = merge(var.tags, {
      Name                      = "${var.name}-${each.key}"
      (var.tag_keys["managed"]) = "true"
      (var.tag_keys["profile"]) = each.key
    })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { (var.tag_keys["managed"]) = "true" })
  }
}

data "aws_iam_policy_document" "instance_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

# One role and instance profile per profile: the dev box (a developer's shell) and the pipeline never share
# credentials, and each reads only its own parameters and backups.
resource "aws_iam_role" "instance" {
  for_each = local.profile_security_groups

  name               = "${var.name}-${each.key}"
  description        = "Role of the SparkFlow ${each.key} instance"
  assume_role_policy = data.aws_iam_policy_document.instance_assume.json
  tags               = var.tags
  # The deploy role may create this role only under the boundary (infra/terraform/bootstrap/boundary.tf).
  permissions_boundary = var.permissions_boundary_arn
}

resource "aws_iam_instance_profile" "instance" {
  for_each = local.profile_security_groups

  name = "${var.name}-${each.key}"
  role = aws_iam_role.instance[each.key].name
  tags = var.tags
}

locals {
  lake_arn      = var.lake_bucket_arn
  artifacts_arn = var.artifacts_bucket_arn
  emr_cluster   = "arn:${local.partition}:elasticmapreduce:${local.region}:${local.account}:cluster/*"
  glue_arn      = "arn:${local.partition}:glue:${local.region}:${local.account}"
  zones         = var.lake_zones
}

data "aws_iam_policy_document" "instance" {
  #checkov:skip=CKV_AWS_107:ecr:GetAuthorizationToken supports no resource (AWS accepts only "*"); the token pulls only from the repositories PullImages names, and pushes nothing.
  for_each = local.profile_security_groups

  # The local engine: a batch below the DAG's local_engine_max_bytes runs the jobs jar on this instance, which then
  # writes the lake as the EMR cluster's role does (modules/emr's jobs_lake_writes), no more.
  source_policy_documents = [var.jobs_lake_writes_policy_json]

  # Session Manager only (what the SSM agent needs for a shell or a port forward), instead of the managed
  # AmazonSSMManagedInstanceCore, which also reads every SSM parameter and document of the account.
  statement {
    sid       = "SessionManagerChannels"
    actions   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
    resources = ["*"]
  }

  statement {
    sid       = "SessionManagerRegistration"
    actions   = ["ssm:UpdateInstanceInformation"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account}:instance/*"]
  }

  # The pointers the deploy workflow writes (no secret), and this profile's own tree; never the other profile's.
  # SecureStrings use the AWS-managed aws/ssm key, whose key policy already lets this account decrypt through SSM.
  statement {
    sid       = "ReadPointers"
    actions   = ["ssm:GetParameter"]
    resources = [for name in var.shared_parameters : "arn:${local.partition}:ssm:${local.region}:${local.account}:parameter${name}"]
  }

  statement {
    sid     = "ReadOwnParameters"
    actions = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = [
      "arn:${local.partition}:ssm:${local.region}:${local.account}:parameter${var.ssm_prefix}/${each.key}",
      "arn:${local.partition}:ssm:${local.region}:${local.account}:parameter${var.ssm_prefix}/${each.key}/*",
    ]
  }

  statement {
    sid     = "ReadBundleAndTools"
    actions = ["s3:GetObject"]
    resources = [
      "${local.artifacts_arn}/${var.artifact_prefixes.bundles}/*",
      "${local.artifacts_arn}/${var.artifact_prefixes.tools}/*",
    ]
  }

  # Its own metadata backup and watchdog logs (backups/<profile>/) and its own Airflow task logs (the remote log
  # folder is artifact_prefixes.logs, boot.sh appends the profile); not the EMR or S3 access logs kept beside them.
  statement {
    sid       = "BackupsAndLogs"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.artifacts_arn}/${var.artifact_prefixes.backups}/${each.key}/*", "${local.artifacts_arn}/${var.artifact_prefixes.logs}/${each.key}/*"]
  }

  statement {
    sid       = "ListBackupsAndLogs"
    actions   = ["s3:ListBucket"]
    resources = [local.artifacts_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.artifact_prefixes.backups}/${each.key}/*", "${var.artifact_prefixes.logs}/${each.key}/*"]
    }
  }

  # The images boot.sh pulls by digest, read only: this deployment's Airflow and Postgres repositories, and on dev
  # the Superset one too (the pipeline never serves the dashboards).
  statement {
    sid       = "RegistryLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullImages"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = var.image_repository_arns[each.key]
  }

  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake_arn]
  }

  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/*"]
  }

  statement {
    sid       = "ClearLandingAfterSuccess"
    actions   = ["s3:DeleteObject"]
    resources = ["${local.lake_arn}/${local.zones["landing"]}/*"]
  }

  statement {
    sid     = "DbtAndAthenaWrites"
    actions = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      "${local.lake_arn}/${var.athena_results_prefix}/*",
      "${local.lake_arn}/${local.zones["marts"]}/*",
    ]
  }

  statement {
    sid = "AthenaWorkgroup"
    actions = [
      "athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution",
      "athena:GetQueryResults", "athena:GetWorkGroup", "athena:BatchGetQueryExecution",
    ]
    resources = ["arn:${local.partition}:athena:${local.region}:${local.account}:workgroup/${var.athena_workgroup_name}"]
  }

  statement {
    sid       = "AthenaCatalog"
    actions   = ["athena:GetDataCatalog", "athena:GetDatabase", "athena:GetTableMetadata", "athena:ListTableMetadata"]
    resources = ["arn:${local.partition}:athena:${local.region}:${local.account}:datacatalog/AwsDataCatalog"]
  }

  statement {
    sid = "GlueForDbt"
    actions = [
      "glue:GetDatabase", "glue:GetDatabases", "glue:CreateDatabase",
      "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable",
      "glue:GetPartition", "glue:GetPartitions", "glue:BatchCreatePartition", "glue:BatchDeletePartition",
    ]
    resources = concat(
      ["${local.glue_arn}:catalog"],
      [for db in var.glue_database_names : "${local.glue_arn}:database/${db}"],
      [for db in var.glue_database_names : "${local.glue_arn}:table/${db}/*"],
    )
  }

  statement {
    sid       = "CreateOnlyTaggedClusters"
    actions   = ["elasticmapreduce:RunJobFlow", "elasticmapreduce:AddTags"]
    resources = [local.emr_cluster]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/${var.tag_keys["emr_component"]}"
      values   = [var.emr_component]
    }
  }

  statement {
    sid = "DriveOnlyOurClusters"
    actions = [
      "elasticmapreduce:DescribeCluster", "elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeStep",
      "elasticmapreduce:ListSteps", "elasticmapreduce:TerminateJobFlows",
      "elasticmapreduce:PutAutoTerminationPolicy", "elasticmapreduce:GetAutoTerminationPolicy",
    ]
    resources = [local.emr_cluster]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/${var.tag_keys["emr_component"]}"
      values   = [var.emr_component]
    }
  }

  statement {
    sid       = "PassOnlyEmrRoles"
    actions   = ["iam:PassRole"]
    resources = [var.emr_service_role_arn, var.emr_instance_role_arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"]
    }
  }

  statement {
    sid       = "Alerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}

resource "aws_iam_role_policy" "instance" {
  for_each = local.profile_security_groups

  name   = "airflow"
  role   = aws_iam_role.instance[each.key].id
  policy = data.aws_iam_policy_document.instance[each.key].json
}
