"""The DAG folder loads cleanly in both modes, stays light at parse time, and follows the house rules."""

from __future__ import annotations

import re

import pytest

from conftest import DAG_ID, load_dagbag

# Both modes have one graph: the engine is chosen per run (choose_engine), both paths join before check_reports.
TASKS = {
    "find_landed_files", "choose_engine", "run_jobs_local", "train_categories", "build_cluster_config", "create_cluster", "submit_jobs",
    "wait_for_jobs", "terminate_cluster", "join_engines", "check_reports", "build_marts", "clear_landing",
    "publish_summary",
}


@pytest.mark.parametrize("mode", ["emr", "local"])
def test_dag_folder_loads_without_import_errors_or_cycles(mode, monkeypatch, capsys):
    monkeypatch.setenv("SPARKFLOW_EXECUTION", mode)
    bag = load_dagbag()
    assert bag.import_errors == {}
    assert set(bag.dags) == {DAG_ID}
    for dag in bag.dags.values():
        dag.check_cycle()
    with capsys.disabled():
        for stat in bag.dagbag_stats:
            print(f"\n[parse time] SPARKFLOW_EXECUTION={mode} {stat.file}: {stat.duration.total_seconds():.3f} s, "
                  f"{stat.dag_num} DAG, {stat.task_num} tasks")
    assert all(stat.duration.total_seconds() < 2 for stat in bag.dagbag_stats)


def test_parsing_makes_no_aws_call(monkeypatch):
    import botocore.client

    def refuse(*args, **kwargs):
        raise AssertionError("an AWS API call at parse time")

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", refuse)
    monkeypatch.setenv("SPARKFLOW_EXECUTION", "emr")
    assert load_dagbag().import_errors == {}


def test_an_unknown_mode_is_an_import_error(monkeypatch):
    monkeypatch.setenv("SPARKFLOW_EXECUTION", "cloud")
    errors = load_dagbag().import_errors
    assert len(errors) == 1 and "SPARKFLOW_EXECUTION must be 'emr' or 'local'" in next(iter(errors.values()))


@pytest.mark.parametrize("mode", ["emr", "local"])
def test_tasks_are_named_verb_noun_with_retries_and_alerts_set_once(mode, load_dag):
    dag = load_dag(mode)
    assert set(dag.task_ids) == TASKS
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)+", task_id) for task_id in dag.task_ids)
    assert dag.default_args["retries"] == 1
    assert dag.doc_md and "landing" in dag.doc_md
    assert all(task.on_failure_callback for task in dag.tasks)


def test_the_cluster_is_torn_down_by_a_teardown_of_its_setup(load_dag):
    dag = load_dag("emr")
    create, terminate = dag.get_task("create_cluster"), dag.get_task("terminate_cluster")
    assert create.is_setup and terminate.is_teardown
    assert create in terminate.upstream_list
    assert terminate.upstream_task_ids >= {"create_cluster", "wait_for_jobs"}
    # dbt and the reports run after the cluster is gone: nothing after the step needs it.
    assert "terminate_cluster" not in dag.get_task("check_reports").upstream_task_ids
    assert dag.get_task("build_marts").upstream_task_ids == {"check_reports"}


@pytest.mark.parametrize("mode", ["emr", "local"])
def test_the_graph_holds_both_engines_behind_one_branch_and_one_join(mode, load_dag):
    dag = load_dag(mode)
    choose = dag.get_task("choose_engine")
    assert choose.upstream_task_ids == {"find_landed_files"}
    # the branch's two first tasks: all its direct downstream, so the one not chosen is skipped
    assert choose.downstream_task_ids == {"run_jobs_local", "build_cluster_config"}
    assert dag.get_task("run_jobs_local").upstream_task_ids == {"choose_engine"}
    join = dag.get_task("join_engines")
    assert join.upstream_task_ids == {"train_categories", "wait_for_jobs"}
    # the category model is trained after the jobs ran and before dbt, on either engine
    assert dag.get_task("train_categories").upstream_task_ids == {"run_jobs_local"}
    # a skipped engine is no failure, a failed one fails everything after the join
    assert join.trigger_rule == "none_failed_min_one_success"
    assert dag.get_task("check_reports").upstream_task_ids == {"join_engines", "find_landed_files"}
    assert dag.get_task("check_reports").trigger_rule == "all_success"
    assert dag.get_task("build_marts").params["dbt_target"] == ("athena" if mode == "emr" else "local")
