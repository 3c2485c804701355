#!/usr/bin/env bash
# tests/valgrind/vg.sh ARGS...: runs $AOD_VG_BIN ARGS under valgrind memcheck, so that scripts
# which take a program path (run_golden.sh, the net helpers) can take this one instead. Any
# memory error or definite/indirect leak makes the exit status 99, whatever the program says.
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --track-fds=no "$AOD_VG_BIN" "$@"
