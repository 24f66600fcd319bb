#!/bin/bash
# SparkFlow idle watchdog, run every minute by sparkflow-watchdog.timer: when Airflow has no queued or running DAG
# run, landing/ holds no data and (dev) nobody is connected over SSH for idle_minutes, or the lifetime is nearly over,
# it backs up Airflow's metadata and logs to S3 and powers off (the instance then terminates).
# `sparkflow-watchdog decide ...` is the decision alone, a pure function of its arguments.
set -Eeuo pipefail

# Only the tests set SPARKFLOW_ROOT: it moves every path the script uses into a sandbox.
readonly root="${SPARKFLOW_ROOT:-}"
readonly state_file="$root/var/lib/sparkflow/idle-since"
readonly log_file="$root/var/log/sparkflow-watchdog.log"
readonly compose_cmd="$root/usr/local/sbin/sparkflow-compose"
readonly lifetime_grace_s=600

log() { printf '%s sparkflow-watchdog: %s\n' "$(date -u +%FT%TZ)" "$*" | tee -a "$log_file" >&2; }
trap 'log "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

# decide IDLE_MINUTES NOW IDLE_SINCE DEADLINE RUNS LANDING SSH -> busy | idle-start | idle | stop-idle | stop-lifetime
# A count that could not be gathered is '?', which is never zero: unknown means busy.
decide() {
  local idle_minutes=$1 now=$2 since=$3 deadline=$4 runs=$5 landing=$6 ssh=$7
  if [[ -n $deadline ]] && (( now >= deadline - lifetime_grace_s )); then
    echo stop-lifetime
  elif [[ $runs != 0 || $landing != 0 || $ssh != 0 ]]; then
    echo busy
  elif [[ ! $since =~ ^[0-9]+$ ]]; then
    echo idle-start
  elif (( now - since >= idle_minutes * 60 )); then
    echo stop-idle
  else
    echo idle
  fi
}

# Queued or running DAG runs, from Airflow's metadata DB (no Airflow CLI start-up or API login every minute).
active_runs() {
  "$compose_cmd" exec -T postgres psql --username=airflow --dbname=airflow --tuples-only --no-align \
    --command="select count(*) from dag_run where state in ('queued', 'running')"
}

# Objects under the landing prefix that are data, i.e. match no ignored_files entry (lake.yml's, as lake-layout's IgnoredFiles.java applies them).
# shellcheck disable=SC2053 # entries are patterns
landing_objects() {
  local keys path name e d n=0 ignored dirs
  keys=$(aws s3api list-objects-v2 --bucket "$lake_bucket" --prefix "$landing_prefix" --query 'Contents[].[Key]' \
    --output text) || return
  read -r -a ignored <<< "$ignored_files"
  while IFS= read -r path; do
    [[ $path == "$landing_prefix"* ]] || continue  # None: nothing there
    path=${path#"$landing_prefix"} name=${path%/} dirs=()
    [[ $name != */* ]] || IFS=/ read -r -a dirs <<< "${name%/*}"
    name=${name##*/}
    [[ -n $path && $path != */ ]] || name+=/
    for e in "${ignored[@]}"; do
      [[ $e == */'**' ]] || { [[ $name != $e ]] || continue 2; continue; }
      for d in "${dirs[@]}"; do [[ $d != ${e%/\*\*} ]] || continue 3; done
    done
    n=$((n + 1))
  done <<< "$keys"
  echo "$n"
}

# Established connections to sshd (SSH over SSM arrives on :22 from the agent as well).
ssh_sessions() {
  ss -H -t -n state established '( sport = :22 )' | wc -l
}

# Runs a gatherer and prints its count, or '?' when it fails or answers something else.
count() {
  local n
  if n=$("$@") && n=${n//[[:space:]]/} && [[ $n =~ ^[0-9]+$ ]]; then
    echo "$n"
  else
    log "could not ask $1 (${n:-no answer}): counted as busy"
    echo '?'
  fi
}

backup() {
  local volume metadata_key="backups/$profile/airflow-metadata.tar" logs_prefix="backups/$profile/logs/"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # One object: the dump and its manifest (checksum, tables, row counts) travel together.
  "$compose_cmd" exec -T postgres bash /opt/sparkflow/postgres/sparkflow-metadata backup > "$work/metadata.tar"
  aws s3 cp --only-show-errors "$work/metadata.tar" "s3://$artifacts_bucket/$metadata_key"
  volume=$(docker volume inspect sparkflow_airflow-logs --format '{{.Mountpoint}}')
  aws s3 sync --only-show-errors "$volume" "s3://$artifacts_bucket/$logs_prefix$instance_id/airflow/"
  for file in "$root/var/log/sparkflow-boot.log" "$log_file"; do
    if [[ -f $file ]]; then aws s3 cp --only-show-errors "$file" "s3://$artifacts_bucket/$logs_prefix$instance_id/"; fi
  done
  log "backed up Airflow metadata and logs to s3://$artifacts_bucket/backups/$profile/"
}

check() {
  region='' profile='' idle_minutes='' lake_bucket='' landing_prefix='' ignored_files='' artifacts_bucket=''
  instance_id='' deadline_epoch=''
  # shellcheck source=/dev/null
  source "$root/etc/sparkflow/watchdog.conf"
  export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
  mkdir -p "$(dirname "$state_file")" "$(dirname "$log_file")"
  local now since runs landing ssh=0 decision
  now=$(date +%s)
  since=$(cat "$state_file" 2>/dev/null || true)
  runs=$(count active_runs)
  landing=$(count landing_objects)
  if [[ $profile == dev ]]; then ssh=$(count ssh_sessions); fi
  decision=$(decide "$idle_minutes" "$now" "$since" "$deadline_epoch" "$runs" "$landing" "$ssh")
  log "runs=$runs landing=$landing ssh=$ssh idle_since=${since:-none} -> $decision"
  case $decision in
    busy) rm -f "$state_file" ;;
    idle-start) echo "$now" > "$state_file" ;;
    idle) ;;
    stop-*)
      # A failed backup exits non-zero before the power-off: the next minute tries again, the hard lifetime still holds.
      backup
      log "powering off ($decision)"
      systemctl poweroff
      ;;
  esac
}

case ${1:-check} in
  check) check ;;
  decide) shift; decide "$@" ;;
  *) echo "usage: sparkflow-watchdog [check | decide IDLE_MINUTES NOW IDLE_SINCE DEADLINE RUNS LANDING SSH]" >&2; exit 2 ;;
esac
