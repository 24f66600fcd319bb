#!/usr/bin/env bash
# Builds the Airflow image (airflow/Dockerfile) and the dev instance's Superset image (superset/Dockerfile), both from
# hashed locks, and pushes each to its ECR repository, mirrors the official Postgres image into its own, and prints
# the three as the bundle names them, by digest:
#   IMAGE_AIRFLOW=<account>.dkr.ecr.<region>.amazonaws.com/sparkflow-<env>-airflow@sha256:<hex>
#   IMAGE_POSTGRES=<account>.dkr.ecr.<region>.amazonaws.com/sparkflow-<env>-postgres@sha256:<hex>
#   IMAGE_SUPERSET=<account>.dkr.ecr.<region>.amazonaws.com/sparkflow-<env>-superset@sha256:<hex>
# Tags are immutable: a tag already in its repository (the same commit deployed again, the same Postgres release)
# is not pushed again; its digest is read back. Everything else goes to stderr.
#
# Needs: SPARKFLOW_ENV, RELEASE_VERSION (the commit: the built images' tag), POSTGRES_SOURCE (name:tag of the
# upstream image); IMAGE_PLATFORM (default linux/amd64: the instance's architecture, linux/arm64 for t4g);
# docker with buildx, and the aws CLI with credentials that may push (the deploy role).
set -euo pipefail

: "${SPARKFLOW_ENV:?set SPARKFLOW_ENV}" "${RELEASE_VERSION:?set RELEASE_VERSION}"
: "${POSTGRES_SOURCE:?set POSTGRES_SOURCE, e.g. docker.io/library/postgres:16.10-bookworm}"
cd "$(dirname "$0")/../.."

# The repository's URL (<registry>/<name>); the registry module names it sparkflow-<env>-<image>.
repository_url() {
  aws ecr describe-repositories --repository-names "sparkflow-$SPARKFLOW_ENV-$1" \
    --query 'repositories[0].repositoryUri' --output text
}

# The digest of TAG in repository NAME, or nothing when the tag is not there.
digest_of() {
  local digest
  digest=$(aws ecr describe-images --repository-name "$1" --image-ids "imageTag=$2" \
    --query 'imageDetails[0].imageDigest' --output text 2> /dev/null) || true
  [[ $digest == sha256:* ]] && echo "$digest" || true
}

# The digest of the image built from <name>/Dockerfile (context: the repository root) and pushed to REPOSITORY as
# RELEASE_VERSION; nothing is built when that tag is already there.
build_and_push() {
  local name=$1 repository=$2 digest
  digest=$(digest_of "${repository#*/}" "$RELEASE_VERSION")
  if [[ -z $digest ]]; then
    mkdir -p build
    docker buildx build --file "$name/Dockerfile" --platform "${IMAGE_PLATFORM:-linux/amd64}" --provenance=false \
      --tag "$repository:$RELEASE_VERSION" --metadata-file "build/$name-image.json" --push . >&2
    digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["containerimage.digest"])' \
      "build/$name-image.json")
  fi
  echo "$digest"
}

airflow_repository=$(repository_url airflow)
postgres_repository=$(repository_url postgres)
superset_repository=$(repository_url superset)
aws ecr get-login-password | docker login --username AWS --password-stdin "${airflow_repository%%/*}" >&2

airflow_digest=$(build_and_push airflow "$airflow_repository")
superset_digest=$(build_and_push superset "$superset_repository")

postgres_tag=${POSTGRES_SOURCE##*:}
postgres_digest=$(digest_of "${postgres_repository#*/}" "$postgres_tag")
if [[ -z $postgres_digest ]]; then
  # The upstream index and every platform's image, copied registry to registry: the digest stays upstream's.
  docker buildx imagetools create --tag "$postgres_repository:$postgres_tag" "$POSTGRES_SOURCE" >&2
  postgres_digest=$(digest_of "${postgres_repository#*/}" "$postgres_tag")
fi

for digest in "$airflow_digest" "$postgres_digest" "$superset_digest"; do
  [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "publish-images: no digest for an image: '$digest'" >&2; exit 1; }
done
printf 'IMAGE_AIRFLOW=%s@%s\nIMAGE_POSTGRES=%s@%s\nIMAGE_SUPERSET=%s@%s\n' "$airflow_repository" "$airflow_digest" \
  "$postgres_repository" "$postgres_digest" "$superset_repository" "$superset_digest"
