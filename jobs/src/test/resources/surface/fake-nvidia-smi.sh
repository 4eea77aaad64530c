#!/bin/sh
# A stand-in for nvidia-smi on machines without a GPU (CI): two GPUs whose load follows the clock, printed
# in the format modelwatch's probe asks for (--query-gpu=index,name,uuid,utilization.gpu,memory.used,
# memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits).
case "$*" in
  *--query-gpu=*--format=csv,noheader,nounits*) ;;
  *) echo "unexpected arguments: $*" >&2; exit 64 ;;
esac
s=$(date +%s); u0=$(( 40 + s % 50 )); u1=$(( 10 + (s * 7) % 30 ))
echo "0, NVIDIA H100 80GB HBM3, GPU-00000000-0000-4000-8000-000000000000, $u0, $(( 30000 + u0 * 500 )), 81559, $(( 40 + u0 / 4 )), $(( 100 + u0 * 4 )).5"
echo "1, NVIDIA H100 80GB HBM3, GPU-00000000-0000-4000-8000-000000000001, $u1, $(( 8000 + u1 * 300 )), 81559, $(( 35 + u1 / 4 )), $(( 80 + u1 * 3 )).25"
