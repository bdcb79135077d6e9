#!/usr/bin/env bash
# fuzz.sh SECONDS: build the libFuzzer targets (with AddressSanitizer) — the frame decoder and the message parsers,
# then what is read from the local network (DNS/mDNS, NAT-PMP/PCP) — and run each for SECONDS (default 60). A crash
# stops it with a non-zero exit and leaves the input in .build/fuzz/crash-*; turn that input into a regression test
# in Tests/GroupWireTests or Tests/GroupNetworkTests.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
mkdir -p .build/fuzz/corpus
swiftc -parse-as-library -sanitize=fuzzer,address -O -module-name GroupWireFuzz \
    $(find Sources/GroupWire -name '*.swift') Tests/Fuzz/FrameFuzzer.swift \
    -o .build/fuzz/frame-fuzzer 2>&1 | grep -v "Cannot export local symbol" || true
.build/fuzz/frame-fuzzer -max_total_time="$SECONDS_TO_RUN" -max_len=70000 -print_final_stats=1 \
    -artifact_prefix=.build/fuzz/ .build/fuzz/corpus 2>&1 | tail -12

mkdir -p .build/fuzz/network-corpus
swiftc -parse-as-library -sanitize=fuzzer,address -O -module-name GroupNetworkFuzz \
    $(find Sources/GroupNetwork -name '*.swift') Tests/Fuzz/NetworkFuzzer.swift \
    -o .build/fuzz/network-fuzzer 2>&1 | grep -v "Cannot export local symbol" || true
.build/fuzz/network-fuzzer -max_total_time="$SECONDS_TO_RUN" -max_len=9000 -print_final_stats=1 \
    -artifact_prefix=.build/fuzz/ .build/fuzz/network-corpus 2>&1 | tail -12
