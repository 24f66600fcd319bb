#!/bin/bash
# SparkFlow instance boot (EC2 user-data, Amazon Linux 2023), rendered by dev.sparkflow.launcher.service.UserData.
# Arms the hard lifetime, verifies the bundle and its images, installs Docker + Compose, unpacks the bundle, writes
# the secrets, pulls the images, restores Airflow's metadata backup, starts Compose and the watchdog. Failure: power off.
# The dev instance also serves the dashboards (Superset, the Compose profile `dashboards`); the pipeline does not.
set -Eeuo pipefail

# BEGIN SETTINGS (the renderer replaces this block; the values here only keep the template checkable)
readonly region='us-east-1'
readonly env_name='dev'
readonly profile='pipeline'
readonly artifacts_bucket='sparkflow-artifacts'
readonly lake_bucket='sparkflow-lake'
readonly landing_prefix='landing/'
readonly ignored_files=''
readonly bundle_bucket=''
readonly bundle_key=''
readonly bundle_sha256=''
readonly bundle_version=''
readonly idle_minutes='30'
readonly max_lifetime_hours='6'
readonly deadline_epoch=''
readonly airflow_port='8080'
readonly airflow_log_folder='s3://sparkflow-logs/airflow/logs'
readonly athena_staging_dir='s3://sparkflow-athena/dbt/'
readonly athena_data_dir='s3://sparkflow-athena/marts/'
readonly athena_work_group='sparkflow'
readonly ssh_public_key=''
readonly instance_user='ec2-user'
readonly airflow_secrets='admin-password postgres-password fernet-key api-secret-key jwt-secret'
readonly superset_secrets='secret-key admin-password'
# END SETTINGS

# Only the tests set SPARKFLOW_ROOT: it moves every path the script writes into a sandbox.
readonly root="${SPARKFLOW_ROOT:-}"
readonly ssm_prefix="/sparkflow/${env_name}"
readonly home="$root/opt/sparkflow"
readonly secrets_dir="$root/run/sparkflow/secrets"
readonly conf_dir="$root/etc/sparkflow"
readonly log_file="$root/var/log/sparkflow-boot.log"
readonly compose_cmd="$root/usr/local/sbin/sparkflow-compose"

mkdir -p "$(dirname "$log_file")"
exec > >(tee -a "$log_file") 2>&1
log() { printf '%s sparkflow-boot: %s\n' "$(date -u +%FT%TZ)" "$*"; }

power_off() { log "powering off: $1"; systemctl poweroff || shutdown -P now; }
fail() { log "FAILED: $*"; exit 1; }
on_exit() {
  local rc=$?
  if (( rc != 0 )); then power_off "boot failed (exit $rc), see $log_file"; fi
}
trap on_exit EXIT
trap 'log "command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

# The hard lifetime is armed before anything can fail, so even a broken boot ends the instance.
now=$(date +%s)
lifetime_min=$((max_lifetime_hours * 60))
if [[ -n $deadline_epoch ]] && (( (deadline_epoch - now) / 60 < lifetime_min )); then
  lifetime_min=$(( (deadline_epoch - now) / 60 ))
fi
(( lifetime_min >= 1 )) || lifetime_min=1
shutdown -P "+$lifetime_min" "sparkflow: maximum lifetime reached"
log "hard lifetime armed: power-off in $lifetime_min min"

export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
imds_token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)
imds() { curl -fsS -H "X-aws-ec2-metadata-token: $imds_token" "http://169.254.169.254/latest/meta-data/$1"; }
instance_id=$(imds instance-id)
log "instance $instance_id in $(imds placement/region), profile $profile, env $env_name"

json_field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
ssm_value() { aws ssm get-parameter --name "$1" --with-decryption --query Parameter.Value --output text; }

# Downloads s3://$1/$2 to $3 and powers off unless its sha256 is $4 (the file is removed on a mismatch).
fetch_verified() {
  local bucket=$1 key=$2 dest=$3 expected=$4 actual
  [[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "no valid sha256 for s3://$bucket/$key: '$expected'"
  aws s3 cp --only-show-errors "s3://$bucket/$key" "$dest"
  actual=$(sha256sum "$dest" | cut -d' ' -f1)
  if [[ $actual != "$expected" ]]; then
    rm -f -- "$dest"
    fail "checksum mismatch for s3://$bucket/$key: expected $expected, got $actual; nothing was started"
  fi
  log "verified s3://$bucket/$key ($actual)"
}

mkdir -p "$home/downloads"
if [[ -n $bundle_key ]]; then
  b_bucket=$bundle_bucket b_key=$bundle_key b_sha=$bundle_sha256 b_version=$bundle_version
else
  pointer=$(ssm_value "$ssm_prefix/bundle/current")
  b_bucket=$(json_field "$pointer" bucket)
  b_key=$(json_field "$pointer" key)
  b_sha=$(json_field "$pointer" sha256)
  b_version=$(json_field "$pointer" version)
fi
[[ $b_version =~ ^[A-Za-z0-9._-]+$ && $b_version != . && $b_version != .. ]] || fail "bad bundle version '$b_version'"
fetch_verified "$b_bucket" "$b_key" "$home/downloads/bundle.zip" "$b_sha"

# The bundle's images (manifest.json): only this account's ECR by digest. dev also runs the dashboards' image.
registry="$(aws sts get-caller-identity --query Account --output text).dkr.ecr.$region.amazonaws.com"
images=$(python3 -c 'import json,sys,zipfile
i = json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json")).get("image") or {}
print(i.get("airflow") or "-", i.get("postgres") or "-", i.get("superset") or "-")' "$home/downloads/bundle.zip")
read -r airflow_image postgres_image superset_image <<< "$images"
image_names='airflow postgres'
if [[ $profile == dev ]]; then image_names+=' superset'; fi
for name in $image_names; do
  ref=${name}_image
  [[ ${!ref} =~ ^"$registry/sparkflow-$env_name-$name@sha256:"[0-9a-f]{64}$ ]] || fail "$name image '${!ref}' is not ECR by digest; nothing was started"
done

dnf install -y docker unzip
systemctl enable --now docker

# AL2023 has no Compose package: the v2 plugin binary comes from the artifacts bucket, pinned by its sha256.
pointer=$(ssm_value "$ssm_prefix/tools/compose")
c_bucket=$(json_field "$pointer" bucket)
c_key=$(json_field "$pointer" key)
c_sha=$(json_field "$pointer" sha256)
fetch_verified "$c_bucket" "$c_key" "$home/downloads/docker-compose" "$c_sha"
plugin_dir="$root/usr/local/lib/docker/cli-plugins"
mkdir -p "$plugin_dir"
install -m 0755 "$home/downloads/docker-compose" "$plugin_dir/docker-compose"
docker compose version

bundle_dir="$home/$b_version"
rm -rf "$bundle_dir.tmp" "$bundle_dir"
unzip -q "$home/downloads/bundle.zip" -d "$bundle_dir.tmp"
mv "$bundle_dir.tmp" "$bundle_dir"
ln -sfn "$bundle_dir" "$home/current"
log "bundle $b_version unpacked in $bundle_dir"

# /run is a tmpfs: the secrets never reach the disk, and nothing secret is in this script.
# Writes the SecureString $2 to the secret file $secrets_dir/$1 (0444: the containers' users read their copy).
write_secret() {
  local value
  value=$(ssm_value "$2")
  (umask 077 && printf '%s' "$value" > "$secrets_dir/$1")
  chmod 0444 "$secrets_dir/$1"
}
install -d -m 0700 "$secrets_dir"
for name in $airflow_secrets; do
  write_secret "${name//-/_}" "$ssm_prefix/$profile/airflow/$name"
done
log "secrets written to $secrets_dir: $airflow_secrets"
if [[ $profile == dev ]]; then
  for name in $superset_secrets; do
    write_secret "superset_${name//-/_}" "$ssm_prefix/dev/superset/$name"
  done
  log "dashboards' secrets written to $secrets_dir: $superset_secrets"
fi

mkdir -p "$(dirname "$compose_cmd")" "$conf_dir"
{
  printf '#!/bin/bash\n# docker compose for the SparkFlow project, with the environment it needs (written at boot).\n'
  printf 'export %s=%q\n' AWS_REGION "$region" AIRFLOW_REMOTE_BASE_LOG_FOLDER "$airflow_log_folder/$profile" \
    SPARKFLOW_SSM_PREFIX "$ssm_prefix/$profile/airflow" SPARKFLOW_ATHENA_STAGING_DIR "$athena_staging_dir" \
    SPARKFLOW_ATHENA_DATA_DIR "$athena_data_dir" SPARKFLOW_ATHENA_WORK_GROUP "$athena_work_group" \
    SPARKFLOW_SECRETS_DIR "$secrets_dir" SPARKFLOW_AIRFLOW_IMAGE "$airflow_image" SPARKFLOW_POSTGRES_IMAGE "$postgres_image"
  if [[ $profile == dev ]]; then
    printf 'export %s=%q\n' SPARKFLOW_SUPERSET_IMAGE "$superset_image" COMPOSE_PROFILES dashboards
  fi
  # shellcheck disable=SC2016 # every `up` and `run` builds and pulls nothing
  printf '%s\n' 'case ${1-} in up) set -- up --pull never --no-build "${@:2}" ;; run) set -- run --pull never "${@:2}" ;; esac'
  printf 'exec docker compose -f %q "$@"\n' "$home/current/airflow/docker-compose.yml"
} > "$compose_cmd"
chmod 0755 "$compose_cmd"

aws ecr get-login-password | docker login --username AWS --password-stdin "$registry"
pulled=()
for name in $image_names; do
  ref=${name}_image
  docker pull "${!ref}"
  pulled+=("${!ref}")
done
[[ $("$compose_cmd" config --images | sort -u) == "$(printf '%s\n' "${pulled[@]}" | sort -u)" ]] ||
  fail "Compose names other images than the bundle's"

if [[ $profile == dev && -n $ssh_public_key ]]; then
  ssh_dir="$root/home/$instance_user/.ssh"
  install -d -m 0700 "$ssh_dir"
  touch "$ssh_dir/authorized_keys"
  grep -qxF -- "$ssh_public_key" "$ssh_dir/authorized_keys" || printf '%s\n' "$ssh_public_key" >> "$ssh_dir/authorized_keys"
  chmod 0600 "$ssh_dir/authorized_keys"
  chown -R "$instance_user:$instance_user" "$ssh_dir"
  # The folder dev-env opens in VS Code: the deployed bundle (DAGs, dbt project, config).
  ln -sfn "$home/current" "$root/home/$instance_user/sparkflow"
  log "SSH public key installed for $instance_user"
fi

# Restore before airflow-init, as the Airflow role and checked (airflow/postgres/sparkflow-metadata); a rejected
# backup leaves an empty database and an alert. The restored schema must then migrate with this bundle's Airflow, or
# it too is dropped: a backup can never keep Airflow from starting.
backup_key="backups/$profile/airflow-metadata.tar"
alert() {
  local topic
  log "ALERT: $1: $2"
  if ! topic=$(ssm_value "$ssm_prefix/$profile/airflow/variables/sparkflow_alert_topic_arn" 2>/dev/null) \
    || ! aws sns publish --topic-arn "$topic" --subject "SparkFlow $env_name/$profile: $1" \
      --message "$2 (instance $instance_id, log $log_file)" > /dev/null; then
    log "could not send the alert"
  fi
}
metadata() { "$compose_cmd" exec -T postgres bash /opt/sparkflow/postgres/sparkflow-metadata "$@"; }
found=$(aws s3api list-objects-v2 --bucket "$artifacts_bucket" --prefix "$backup_key" \
  --query "length(Contents[?Key=='$backup_key'] || \`[]\`)" --output text)
if [[ $found != 0 ]]; then
  aws s3 cp --only-show-errors "s3://$artifacts_bucket/$backup_key" "$home/downloads/airflow-metadata.tar"
  "$compose_cmd" up -d --wait postgres
  rc=0
  metadata restore < "$home/downloads/airflow-metadata.tar" 2> "$home/downloads/restore.log" || rc=$?
  cat "$home/downloads/restore.log"
  rm -f "$home/downloads/airflow-metadata.tar"
  if (( rc == 3 )); then
    alert "metadata backup rejected" "$(tail -n 1 "$home/downloads/restore.log"); Airflow starts with an empty database"
  elif (( rc != 0 )); then
    fail "restoring s3://$artifacts_bucket/$backup_key failed (exit $rc)"
  elif ! "$compose_cmd" run --rm airflow-init; then
    metadata reset
    alert "restored metadata does not migrate" "airflow db migrate failed on s3://$artifacts_bucket/$backup_key; Airflow starts with an empty database"
  else
    log "restored Airflow metadata from s3://$artifacts_bucket/$backup_key"
  fi
else
  log "no metadata backup at s3://$artifacts_bucket/$backup_key: Airflow starts with a fresh database"
fi

"$compose_cmd" up -d --wait --wait-timeout 1800
curl -fsS -o /dev/null "http://127.0.0.1:$airflow_port/api/v2/monitor/health"
log "Airflow is up on 127.0.0.1:$airflow_port"
if [[ $profile == dev ]]; then log "the dashboards are up (Compose waited for their health check)"; fi

{
  printf '# The idle watchdog'\''s settings (written at boot).\n'
  printf '%s=%q\n' region "$region" profile "$profile" idle_minutes "$idle_minutes" lake_bucket "$lake_bucket" \
    landing_prefix "$landing_prefix" artifacts_bucket "$artifacts_bucket" instance_id "$instance_id" \
    deadline_epoch "$((now + lifetime_min * 60))" ignored_files "$ignored_files"
} > "$conf_dir/watchdog.conf"
install -d "$root/usr/local/sbin" "$root/etc/systemd/system"
cat > "$root/usr/local/sbin/sparkflow-watchdog" <<'SPARKFLOW_EOF'
#@include sparkflow-watchdog.sh
SPARKFLOW_EOF
chmod 0755 "$root/usr/local/sbin/sparkflow-watchdog"
cat > "$root/etc/systemd/system/sparkflow-watchdog.service" <<'SPARKFLOW_EOF'
#@include sparkflow-watchdog.service
SPARKFLOW_EOF
cat > "$root/etc/systemd/system/sparkflow-watchdog.timer" <<'SPARKFLOW_EOF'
#@include sparkflow-watchdog.timer
SPARKFLOW_EOF
systemctl daemon-reload
systemctl enable --now sparkflow-watchdog.timer
log "boot complete: idle watchdog armed ($idle_minutes min)"
