#!/usr/bin/env bash
# A long run of random hands (tests/e2e/hands.test.mjs) against the built
# app: SOAK_ACTIONS actions in all (default 50000), in runs of
# SOAK_PER_SEED actions per seed (default 500), on SOAK_WORKERS browsers at
# once (default 2), seeds from SOAK_FIRST_SEED (default 1000). Builds dist/
# first. Prints every seed's result and a closing summary line; exits
# non-zero if any seed found a panic, a console error or an inconsistent
# screen (its output names the seed and the actions to replay).
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

total="${SOAK_ACTIONS:-50000}"
per="${SOAK_PER_SEED:-500}"
workers="${SOAK_WORKERS:-2}"
first="${SOAK_FIRST_SEED:-1000}"
seeds=$(((total + per - 1) / per))

setup_build
setup_test
step "trunk build --release"
trunk build --release

# The soak serves its own copy of dist/, so rebuilding meanwhile does not
# change the app under it.
logdir="$ROOT/target/soak"
rm -rf "$logdir"
mkdir -p "$logdir"
cp -r dist "$logdir/dist"
export CONVLAB_DIST="$logdir/dist"
start=$SECONDS
step "soak: $seeds seeds x $per actions on $workers browsers (logs in target/soak/)"
pids=()
for w in $(seq 0 $((workers - 1))); do
    list=""
    for k in $(seq "$w" "$workers" $((seeds - 1))); do
        list="${list:+$list,}$((first + k))"
    done
    [ -n "$list" ] || continue
    (cd tests/e2e && HANDS_SEEDS="$list" HANDS_ACTIONS="$per" \
        node --test --test-reporter=tap hands.test.mjs) >"$logdir/worker-$w.tap" 2>&1 &
    pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
passed=$(cat "$logdir"/worker-*.tap | grep -c '^ok ' || true)
failed=$(cat "$logdir"/worker-*.tap | grep -c '^not ok ' || true)
grep -h '# seed' "$logdir"/worker-*.tap | sort -t' ' -k3 -n || true
if [ "$failed" != 0 ]; then
    grep -h -A30 '^not ok ' "$logdir"/worker-*.tap || true
fi
echo "soak: $((passed * per)) actions on $passed seeds without a problem, $failed seeds failed, in $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
exit "$status"
