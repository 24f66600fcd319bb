#!/usr/bin/env bash
# Uploads one release's jars, bundle and Compose binary to the artifacts bucket, each with a sibling
# "<key>.sha256" ("<hex>  <file name>", what `sha256sum --check` reads), then points SSM at the bundle and
# the Compose binary. Keys and parameter names come from config/platform.yml (infra/deploy/platform_env.py).
#
# Needs: ARTIFACTS_BUCKET, RELEASE_VERSION, SPARKFLOW_ENV, COMPOSE_VERSION, COMPOSE_BIN; the built files
# (make build bundle, mvn -pl launcher-lambda -am package); the aws CLI with credentials.
set -euo pipefail

: "${ARTIFACTS_BUCKET:?set ARTIFACTS_BUCKET}" "${RELEASE_VERSION:?set RELEASE_VERSION}"
: "${SPARKFLOW_ENV:?set SPARKFLOW_ENV}" "${COMPOSE_VERSION:?set COMPOSE_VERSION}" "${COMPOSE_BIN:?set COMPOSE_BIN}"
PYTHON="${PYTHON:-python3}"
cd "$(dirname "$0")/../.."

eval "$("$PYTHON" infra/deploy/platform_env.py --env "$SPARKFLOW_ENV" --version "$RELEASE_VERSION" \
  --compose-version "$COMPOSE_VERSION" --arch x86_64 | sed 's/^/export /')"

# Prints the file's sha256 and uploads the file and its .sha256 under KEY.
upload() {
  local file="$1" key="$2" sum
  [[ -f "$file" ]] || { echo "missing build output: $file" >&2; exit 1; }
  sum="$(sha256sum "$file" | cut -d' ' -f1)"
  printf '%s  %s\n' "$sum" "$(basename "$key")" > "$file.upload.sha256"
  aws s3 cp --only-show-errors "$file" "s3://$ARTIFACTS_BUCKET/$key"
  aws s3 cp --only-show-errors --content-type text/plain "$file.upload.sha256" "s3://$ARTIFACTS_BUCKET/$key.sha256"
  rm -f "$file.upload.sha256"
  echo "$sum"
}

# Points the SSM parameter NAME at KEY with its SHA and VERSION.
point() {
  local name="$1" key="$2" sum="$3" version="$4"
  aws ssm put-parameter --overwrite --type String --name "$name" --value \
    "{\"bucket\":\"$ARTIFACTS_BUCKET\",\"key\":\"$key\",\"sha256\":\"$sum\",\"version\":\"$version\"}" > /dev/null
  echo "$name -> s3://$ARTIFACTS_BUCKET/$key"
}

upload emr-jobs/target/emr-jobs.jar "$JOBS_JAR_KEY" > /dev/null
upload launcher-lambda/target/launcher-lambda.jar "$LAUNCHER_JAR_KEY" > /dev/null
compose_sum="$(upload "$COMPOSE_BIN" "$COMPOSE_KEY")"
bundle_sum="$(upload build/bundle/sparkflow-airflow-bundle.zip "$BUNDLE_KEY")"

# The bundle builder wrote its own checksum; a difference means the zip changed after it was built.
expected="$(cut -d' ' -f1 build/bundle/sparkflow-airflow-bundle.zip.sha256)"
[[ "$bundle_sum" == "$expected" ]] || { echo "bundle checksum $bundle_sum differs from the builder's $expected" >&2; exit 1; }

point "$SSM_COMPOSE_POINTER" "$COMPOSE_KEY" "$compose_sum" "$COMPOSE_VERSION"
point "$SSM_BUNDLE_POINTER" "$BUNDLE_KEY" "$bundle_sum" "$RELEASE_VERSION"
