"""Two BLAS kernels this CPU can run, for checking that notebook outputs are portable.

NumPy's and SciPy's wheels carry OpenBLAS built for every x86-64 and Arm generation, and
pick a kernel for the CPU at run time; the kernels sum in different orders, so the last
digits of a result change with the processor a reader has. ``make test`` checks every
notebook's outputs strictly once under each of two kernels (``OPENBLAS_CORETYPE``): the
book's build runs them under the first with two threads (tests/book/test_build_outputs.py
compares its runs by nbval's rules), the environment tier runs nbval under the second on
one thread. An output that only one machine reproduces fails here, not on a reader's machine.
A kernel the CPU lacks would crash, so the pair depends on the CPU:

- x86-64 with AVX-512: Haswell (AVX2) and SkylakeX (AVX-512);
- x86-64 with AVX2: Haswell and Sandybridge (AVX);
- older x86-64: Sandybridge or Nehalem and Core2;
- 64-bit Arm: ARMV8 (the generic kernel) and the default one;
- anything else (macOS with Accelerate, say): the default kernel, with two threads and one.

Usage: ``python3 tests/blas.py first`` or ``second`` prints the kernel name, or nothing for
the default. Standard library only: the Makefile runs it before any virtual environment exists.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path


def _x86_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def kernel_pair() -> tuple[str, str]:
    """(first, second) values for OPENBLAS_CORETYPE; "" means the library's own choice."""
    machine = platform.machine().lower()
    if sys.platform.startswith("linux") and machine in ("x86_64", "amd64"):
        flags = _x86_flags()
        if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags:
            return "Haswell", "SkylakeX"
        if {"avx2", "fma"} <= flags:
            return "Haswell", "Sandybridge"
        if "avx" in flags:
            return "Sandybridge", "Core2"
        return "Nehalem", "Core2"
    if sys.platform.startswith("linux") and machine in ("aarch64", "arm64"):
        return "ARMV8", ""
    return "", ""


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which not in ("first", "second"):
        sys.exit("usage: python3 tests/blas.py first|second")
    print(kernel_pair()[0 if which == "first" else 1])
