#!/usr/bin/env bash
# Guard demo: builds Guard and runs `guard check` over a few requests decided against the
# contract's reference policy and catalog (contract/), printing each request and its
# decision. The gateway demo replaces this when the gateway lands.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

readonly DEMO=examples/demo
readonly CONTRACT=contract
readonly JAR=guard-server/target/guard.jar

JAVA_HOME=$(.ci/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

echo "==> Building Guard (./mvnw -B -q -DskipTests package, JAVA_HOME=$JAVA_HOME)"
./mvnw -B -q -DskipTests package
[[ -f $JAR ]] || { echo "demo: the build did not produce $JAR" >&2; exit 1; }

echo "==> guard check --policy $CONTRACT/policy.yaml --catalog $CONTRACT/schema.sql < $DEMO/requests.jsonl"
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
rc=0
java -jar "$JAR" check --policy "$CONTRACT/policy.yaml" --catalog "$CONTRACT/schema.sql" \
  <"$DEMO/requests.jsonl" >"$out" 2>"$err" || rc=$?
if [[ $rc -ne 0 ]]; then
  echo "demo: guard check exited with status $rc" >&2
  cat "$err" >&2
  exit "$rc"
fi
echo

if command -v python3 >/dev/null 2>&1; then
  python3 - "$DEMO/requests.jsonl" "$out" <<'PY'
import json, sys

requests = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
decisions = [l for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
if len(requests) != len(decisions):
    print(f"demo: {len(requests)} requests but {len(decisions)} decisions", file=sys.stderr)
    sys.exit(1)

for n, (q, d) in enumerate(zip(requests, decisions), 1):
    q, d = json.loads(q), json.loads(d)
    groups = ", ".join(q.get("groups") or []) or "no groups"
    print(f"[{n}] {q['id']}: {q['user']} ({groups}), schema {q.get('schema') or '(none)'}")
    print(f"    {q['sql']}")
    line = f"    -> {d.get('decision', '?').upper()}  check={d.get('check')}"
    if d.get("rule"):
        line += f"  rule={d['rule']}"
    print(line)
    if d.get("reason"):
        print(f"       {d['reason']}")
    approvers = d.get("approvers")
    if approvers:
        who = [f"user {u}" for u in approvers.get("users", [])] + \
              [f"group {g}" for g in approvers.get("groups", [])]
        print(f"       approvers: {', '.join(who) or '(none)'}")
    for m in d.get("masks") or []:
        detect = f" detect={','.join(m['detect'])}" if m.get("detect") else ""
        print(f"       mask column {m.get('column')} '{m.get('label')}': "
              f"{m.get('method')} ({m.get('rule')}){detect}")
    print()
PY
else
  # No python3: each request line followed by its decision line.
  n=0
  while IFS= read -r request <&3 && IFS= read -r decision <&4; do
    n=$((n + 1))
    printf '[%d] request:  %s\n    decision: %s\n\n' "$n" "$request" "$decision"
  done 3<"$DEMO/requests.jsonl" 4<"$out"
fi
