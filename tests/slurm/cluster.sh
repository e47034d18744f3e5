#!/usr/bin/env bash
# A throwaway single-node Slurm cluster living entirely inside one folder, for tests.
#
#   tests/slurm/cluster.sh start DIR   create DIR, start munged, slurmctld and slurmd in it and
#                                      wait (up to CLUSTER_TIMEOUT s, default 60) until the
#                                      controller answers and the node is idle; then
#                                      `source DIR/env.sh` points sbatch/squeue/scontrol at it
#   tests/slurm/cluster.sh stop DIR    cancel this cluster's jobs, then stop the three daemons
#                                      by the pid files in DIR only (TERM, up to 10 s, then KILL);
#                                      idempotent, never fails
#
# Needs root (SlurmUser=root, SlurmdUser=root) and the Debian packages slurmctld, slurmd,
# slurm-client and munge. Uses fresh free TCP ports, its own munge key and socket, and no
# accounting: a finished job stays visible to `scontrol show job ID` for MinJobAge (3600 s).
# Optional: CLUSTER_CPUS (default 2) for the node's CPUs (slurmd reports the configured value
# even on a smaller machine, SlurmdParameters=config_overrides); CLUSTER_EXTRA_CONF, lines
# appended to slurm.conf (a repeated key wins), e.g. DependencyParameters=kill_invalid_depend
# to cancel a job whose afterok can no longer be met instead of leaving it PENDING forever
# with Reason=DependencyNeverSatisfied (the default, as on most real clusters; per job:
# sbatch --kill-on-invalid-dep=yes).
set -euo pipefail

die() { echo "cluster.sh: $*" >&2; exit 1; }

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2
[[ $dir == /* ]] || die "DIR must be an absolute path, got '$dir'"
dir=${dir%/}
[[ -n $dir ]] || die "DIR must not be /"
[[ $dir != *[[:space:]]* ]] || die "DIR must not contain white space (slurm.conf paths), got '$dir'"

# Is PID alive and running program NAME (guards against a recycled pid)? Zombies count as dead.
pid_is() {
  local pid=$1 name=$2 comm state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $comm == "$name"* ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# Stops the process named by DIR/NAME.pid if it is still NAME; removes the pid file.
stop_one() {
  local name=$1 pidfile="$dir/$1.pid" pid i
  [[ -f $pidfile ]] || return 0
  pid=$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)
  if [[ -n $pid ]] && pid_is "$pid" "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      pid_is "$pid" "$name" || break
      sleep 0.1
    done
    if pid_is "$pid" "$name"; then
      echo "cluster.sh: $name (pid $pid) ignored SIGTERM for 10 s, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        pid_is "$pid" "$name" || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$pidfile"
}

# Cancels every job of this cluster (only this one: its own slurm.conf) so that no slurmstepd
# or job script outlives slurmd, and waits up to 10 s for them to go.
cancel_jobs() {
  [[ -f $dir/slurm.conf && -f $dir/slurmctld.pid ]] || return 0
  local pid ids i
  pid=$(tr -dc '0-9' <"$dir/slurmctld.pid" 2>/dev/null || true)
  pid_is "$pid" slurmctld || return 0
  export SLURM_CONF="$dir/slurm.conf"
  ids=$(timeout 10 squeue -h -o %A 2>/dev/null || true)
  [[ -n $ids ]] || return 0
  # shellcheck disable=SC2086
  timeout 10 scancel $ids >/dev/null 2>&1 || true
  for ((i = 0; i < 50; i++)); do
    [[ -z $(timeout 5 squeue -h -o %A 2>/dev/null || true) ]] && break
    sleep 0.2
  done
}

stop_all() {
  cancel_jobs || true
  stop_one slurmd || true
  stop_one slurmctld || true
  stop_one munged || true
}

# Prints N distinct TCP ports that are free on all addresses right now.
free_ports() {
  local n=$1
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$n" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
  else
    # Without python3: random ports in 20000-59999 that nobody listens on (/proc/net/tcp*).
    local used ports=() p hex
    used=$(awk 'NR > 1 {split($2, a, ":"); print a[2]}' /proc/net/tcp /proc/net/tcp6 2>/dev/null | sort -u)
    while ((${#ports[@]} < n)); do
      p=$((20000 + RANDOM % 40000))
      printf -v hex '%04X' "$p"
      grep -qx "$hex" <<<"$used" && continue
      [[ " ${ports[*]} " == *" $p "* ]] && continue
      ports+=("$p")
    done
    echo "${ports[*]}"
  fi
}

# Runs a daemon with stdin from /dev/null, stdout/stderr appended to LOG and every other
# inherited descriptor closed, so that it holds none of the caller's pipes.
launch() {
  local log=$1
  shift
  (
    local f fd
    for f in /proc/"$BASHPID"/fd/*; do
      fd=${f##*/}
      if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec "$@" </dev/null >>"$log" 2>&1
  )
}

show_logs() {
  local f
  for f in munged.log munged.out slurmctld.log slurmctld.out slurmd.log slurmd.out; do
    if [[ -s $dir/$f ]]; then
      echo "----- $dir/$f (last 60 lines) -----" >&2
      tail -n 60 "$dir/$f" >&2 || true
    fi
  done
}

fail() {
  echo "cluster.sh: start failed: $*" >&2
  show_logs
  stop_all
  exit 1
}

start() {
  local b
  for b in munged slurmctld slurmd scontrol sinfo; do
    command -v "$b" >/dev/null 2>&1 || die "'$b' not found (install munge, slurmctld, slurmd, slurm-client)"
  done
  [[ $(id -u) -eq 0 ]] || die "start must run as root (SlurmUser=root, SlurmdUser=root)"
  if [[ -f $dir/slurmctld.pid || -f $dir/slurmd.pid || -f $dir/munged.pid ]]; then
    die "$dir already holds pid files: run '$0 stop $dir' first"
  fi
  mkdir -p "$dir" || die "cannot create $dir"
  mkdir -p "$dir/state" "$dir/spool"
  # munged refuses a socket folder that others may write to, and warns unless all may enter it.
  chmod 0755 "$dir"

  local timeout=${CLUSTER_TIMEOUT:-60} cpus=${CLUSTER_CPUS:-2} mem_kb mem_mb ports ctld_port slurmd_port
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
  mem_mb=$((mem_kb / 1024 / 2))
  ((mem_mb >= 256)) || mem_mb=256
  read -r ctld_port slurmd_port <<<"$(free_ports 2)"
  [[ -n $ctld_port && -n $slurmd_port ]] || die "could not pick free TCP ports"

  # --- munge -----------------------------------------------------------------------------------
  rm -f "$dir/munge.key"
  if ! mungekey --create --keyfile="$dir/munge.key" >/dev/null 2>&1; then
    dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none || die "cannot create $dir/munge.key"
  fi
  chmod 0400 "$dir/munge.key"
  launch "$dir/munged.out" munged --force \
    --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" ||
    fail "munged exited with an error"
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -S $dir/munge.socket && -s $dir/munged.pid ]] && break
    sleep 0.1
  done
  [[ -S $dir/munge.socket ]] || fail "munged did not create $dir/munge.socket"

  # --- slurm.conf --------------------------------------------------------------------------------
  : >"$dir/plugstack.conf"
  cat >"$dir/slurm.conf" <<EOF
# Written by tests/slurm/cluster.sh: a single-node test cluster living in $dir
ClusterName=lrscope-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$dir/plugstack.conf
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobContainerType=job_container/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,bf_interval=1
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
PropagateResourceLimits=NONE
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
# Finished jobs stay in 'scontrol show job' this long (no accounting to ask instead).
MinJobAge=3600
MaxJobCount=200000
MaxArraySize=100001
InactiveLimit=0
KillWait=5
Waittime=0
SlurmctldTimeout=60
SlurmdTimeout=60
MessageTimeout=10
NodeName=localhost CPUs=$cpus Boards=1 SocketsPerBoard=1 CoresPerSocket=$cpus ThreadsPerCore=1 RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  if [[ -n ${CLUSTER_EXTRA_CONF:-} ]]; then
    printf '%s\n' "$CLUSTER_EXTRA_CONF" >>"$dir/slurm.conf"
  fi
  echo "export SLURM_CONF=$dir/slurm.conf" >"$dir/env.sh"
  export SLURM_CONF="$dir/slurm.conf"

  # --- daemons -----------------------------------------------------------------------------------
  launch "$dir/slurmctld.out" slurmctld -f "$dir/slurm.conf" || fail "slurmctld exited with an error"
  launch "$dir/slurmd.out" slurmd -f "$dir/slurm.conf" -N localhost || fail "slurmd exited with an error"

  # --- wait until ready --------------------------------------------------------------------------
  local deadline=$((SECONDS + timeout)) pid state
  while :; do
    if ((SECONDS >= deadline)); then
      fail "cluster not ready after ${timeout} s (scontrol ping: '$(timeout 5 scontrol ping 2>&1 | tr '\n' ' ')', node state: '${state:-?}')"
    fi
    if grep -qs 'fatal:' "$dir/slurmctld.log" "$dir/slurmd.log"; then
      fail "a Slurm daemon logged a fatal error"
    fi
    for b in munged slurmctld slurmd; do
      if [[ -s $dir/$b.pid ]]; then
        pid=$(tr -dc '0-9' <"$dir/$b.pid")
        pid_is "$pid" "$b" || fail "$b (pid $pid) died"
      fi
    done
    if [[ -s $dir/slurmctld.pid && -s $dir/slurmd.pid ]] &&
      timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; then
      state=$(timeout 5 sinfo -h -o %T 2>/dev/null || true)
      [[ $state == idle ]] && break
    fi
    sleep 0.2
  done
  echo "cluster.sh: cluster up in $dir (slurmctld port $ctld_port, slurmd port $slurmd_port); source $dir/env.sh"
}

case $cmd in
  start) start ;;
  stop) stop_all; exit 0 ;;
  *) usage ;;
esac
