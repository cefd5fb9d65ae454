# What the benchmark scripts share (sourced after `cd` to the repository root):
#   bench_setup NAME [LABEL]   sets $out (bench/results/NAME-<host>-<date>[-LABEL].txt), $host and a
#                              temporary folder $tmp removed on exit; lets mpirun run as root in containers.
bench_setup() {
  host=$(hostname -s 2>/dev/null || echo machine)
  out="bench/results/$1-${host}-$(date +%Y-%m-%d)${2:+-$2}.txt"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
}
