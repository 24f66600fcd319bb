output "glue_database_name" {
  description = "Name of the Glue database holding the lake's tables."
  value       = aws_glue_catalog_database.this.name
}

output "glue_table_names" {
  description = "Names of the lake's Glue tables."
  value       = sort([for table in aws_glue_catalog_table.this : table.name])
}

output "athena_workgroup_name" {
  description = "Name of the Athena workgroup dbt and Superset must use."
  value       = aws_athena_workgroup.this.name
}

output "athena_results_location" {
  description = "Where the workgroup writes query results."
  value       = "s3://${var.results_bucket_name}/${var.results_prefix}/"
}
