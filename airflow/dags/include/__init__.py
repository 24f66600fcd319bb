"""Helpers and templates the SparkFlow DAGs use at task time (the DAG processor skips this folder)."""
