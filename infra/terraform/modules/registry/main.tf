# The private image repositories the instances pull from: the Airflow and Superset images CI builds, and a mirror of
# the Postgres image, so that boot needs no other registry. Tags are immutable (a tag names one image for good), every push is
# scanned, images are encrypted with KMS (the AWS-managed aws/ecr key), and only the last images are kept.

resource "aws_ecr_repository" "this" {
  for_each = toset(var.images)

  name                 = "${var.name}-${each.key}"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete
  tags                 = merge(var.tags, { Name = "${var.name}-${each.key}" })

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

# Counts tagged images only: the untagged entries of a multi-platform image (its per-platform manifests and
# attestations) belong to a tagged index and go with it.
resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.keep_images} tagged images"
      selection = {
        tagStatus      = "tagged"
        tagPatternList = ["*"]
        countType      = "imageCountMoreThan"
        countNumber    = var.keep_images
      }
      action = { type = "expire" }
    }]
  })
}
