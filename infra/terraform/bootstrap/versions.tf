terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.56"
    }
  }

  # Applied once by an administrator with local state: it creates the bucket every other state lives in.
}

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "sparkflow", ManagedBy = "terraform-bootstrap" }
  }
}
