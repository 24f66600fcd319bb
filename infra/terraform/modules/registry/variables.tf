variable "name" {
  description = "Name prefix of the repositories (e.g. sparkflow-prod): each is <name>-<image>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,64}$", var.name))
    error_message = "name may only hold lower-case letters, digits and hyphens (ECR repository names)."
  }
}

variable "images" {
  description = "The images, one repository each: the Airflow and Superset images CI builds and the Postgres mirror."
  type        = list(string)
  default     = ["airflow", "postgres", "superset"]

  validation {
    condition     = length(var.images) > 0 && alltrue([for image in var.images : can(regex("^[a-z0-9-]{1,32}$", image))])
    error_message = "images must name at least one image, each in lower-case letters, digits and hyphens."
  }
}

variable "keep_images" {
  description = "How many tagged images each repository keeps; older ones expire."
  type        = number
  default     = 10

  validation {
    condition     = var.keep_images >= 2 && floor(var.keep_images) == var.keep_images
    error_message = "keep_images must be a whole number from 2 (the running image and the next)."
  }
}

variable "force_delete" {
  description = "Delete the repositories with their images on destroy (test stacks only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every repository."
  type        = map(string)
  default     = {}
}
