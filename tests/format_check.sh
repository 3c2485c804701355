#!/bin/sh
# tests/format_check.sh: every C file git tracks matches the committed .clang-format (STYLE.md
# section 10: the formatter has the final say). Usage: format_check.sh SOURCE_DIR
cd "$1" || exit 2
command -v clang-format >/dev/null 2>&1 || { echo "SKIP: clang-format missing"; exit 77; }
bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find engine probes tui include tests -name '*.[ch]'); do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (clang-format -i $f)"
        bad=1
    fi
done
[ "$bad" = 0 ] && echo "format: ok"
exit $bad
