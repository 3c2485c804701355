#!/usr/bin/env bash
# tests/layers.sh ROOT: fails when a wing reaches above itself. The wings, lowest first:
# common (text, buffers, exit codes), then engine and probes side by side, then tui. engine/ is
# pure (no curses, no sockets, no probes); probes/ never draws or prints; no header of a wing is
# included by a lower wing or by its sibling. Prints every violation as FILE:LINE: reason.
# tests/layers.sh --self-test ROOT: adds one forbidden include (or print) at a time to a copy of
# the tree and checks that each one is caught, so the check itself cannot rot into a no-op.
set -u

# Which wing each public header belongs to. A new header in include/aod/ must be added here.
declare -A HEADER_WING=(
    [status.h]=common [text.h]=common [buf.h]=common [json_out.h]=common [exit.h]=common
    [dirscan.h]=common [probe_result.h]=common
    [flow.h]=engine [session.h]=engine [errcode.h]=engine [codes.h]=engine [paste.h]=engine
    [probe.h]=probes
)
# Where a wing's quoted includes may come from besides include/aod/ (its own folder).
declare -A RANK=([common]=0 [engine]=1 [probes]=1 [tui]=2)

# System headers a wing must not include (extended regular expressions on the <...> name).
# The engine may include <arpa/inet.h>: inet_pton is a pure text parser that the host-name check
# uses, and it opens nothing.
FORBID_common='^(n?curses|ncursesw/|term\.h|sys/socket\.h|netinet/|arpa/|netdb\.h|curl/|openssl/|cjson/|dlfcn\.h)'
FORBID_engine='^(n?curses|ncursesw/|term\.h|sys/socket\.h|netinet/|arpa/(ftp|nameser|telnet|tftp)|netdb\.h|poll\.h|curl/|openssl/|dlfcn\.h|pthread\.h)'
FORBID_probes='^(n?curses|ncursesw/|term\.h|cjson/)'
# Calls that print; probes report through their results and error records instead.
PRINT_RE='(^|[^_[:alnum:]])(printf|fprintf|vprintf|vfprintf|dprintf|puts|fputs|putchar|fputc|putc|perror|fwrite)[[:space:]]*\(|(^|[^_[:alnum:]])write[[:space:]]*\([[:space:]]*(1|2|STDOUT_FILENO|STDERR_FILENO)[[:space:]]*,'

problems=0
say() { printf '%s\n' "$*"; problems=$((problems + 1)); }

# Lines of FILE that are code: comments and string-only continuation lines are dropped, so
# a comment that mentions printf() is not a print.
code_lines() {
    awk '{
        line = $0; out = ""
        while (length(line) > 0) {
            if (in_c) { i = index(line, "*/"); if (i == 0) { line = "" } else { line = substr(line, i + 2); in_c = 0 } ; continue }
            i = index(line, "/*"); j = index(line, "//")
            if (i == 0 && j == 0) { out = out line; line = ""; continue }
            if (j > 0 && (i == 0 || j < i)) { out = out substr(line, 1, j - 1); line = ""; continue }
            out = out substr(line, 1, i - 1); line = substr(line, i + 2); in_c = 1
        }
        printf "%d:%s\n", NR, out
    }' "$1"
}

check_file() { # ROOT WING FILE
    local root=$1 wing=$2 file=$3 rel=${3#"$1"/} n name target owner forbid
    forbid="FORBID_$wing"
    while IFS=: read -r n line; do
        case $line in
        *'#'*include*'<'*'>'*)
            name=${line#*<}
            name=${name%%>*}
            if [ -n "${!forbid:-}" ] && [[ $name =~ ${!forbid} ]]; then
                say "$rel:$n: $wing/ must not include <$name>"
            fi
            ;;
        *'#'*include*'"'*'"'*)
            name=${line#*\"}
            name=${name%%\"*}
            if [[ $name == aod/* ]]; then
                target=${name#aod/}
                owner=${HEADER_WING[$target]:-}
                if [ -z "$owner" ]; then
                    say "$rel:$n: include/aod/$target belongs to no wing (add it to tests/layers.sh)"
                elif [ "$owner" != "$wing" ] && [ "${RANK[$owner]}" -ge "${RANK[$wing]}" ]; then
                    say "$rel:$n: $wing/ must not include $name, a header of $owner/"
                fi
            elif [ ! -f "$(dirname "$file")/$name" ]; then
                say "$rel:$n: $wing/ includes \"$name\", which is not in its own folder"
            fi
            ;;
        esac
        if [ "$wing" = probes ] && [[ $file == *.c ]] && [[ $line =~ $PRINT_RE ]]; then
            say "$rel:$n: probes/ must not print (report through the result or the error record)"
        fi
    done < <(code_lines "$file")
}

check_tree() { # ROOT
    local root=$1 f base wing
    problems=0
    for wing in common engine probes; do
        [ -d "$root/$wing" ] || continue
        for f in "$root/$wing"/*.c "$root/$wing"/*.h; do
            [ -f "$f" ] && check_file "$root" "$wing" "$f"
        done
    done
    for f in "$root"/include/aod/*.h; do
        base=$(basename "$f")
        wing=${HEADER_WING[$base]:-}
        if [ -z "$wing" ]; then
            say "include/aod/$base: belongs to no wing (add it to tests/layers.sh)"
            continue
        fi
        check_file "$root" "$wing" "$f"
    done
    return $((problems > 0))
}

self_test() { # ROOT
    local root=$1 failed=0 out
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # Each case: FILE|LINE TO ADD|TEXT THE REPORT MUST NAME
    local cases=(
        'engine/session.c|#include <curses.h>|engine/session.c:'
        'engine/catalog.c|#include <sys/socket.h>|engine/catalog.c:'
        'engine/session.c|#include "aod/probe.h"|a header of probes/'
        'engine/template.c|#include "wizard.h"|not in its own folder'
        'probes/dns.c|#include <ncurses.h>|probes/dns.c:'
        'probes/dns.c|#include "aod/session.h"|a header of engine/'
        'probes/tcp.c|static void noisy(void) { fprintf(stderr, "x"); }|must not print'
        'probes/tcp.c|static void noisy(void) { puts("x"); }|must not print'
        'include/aod/status.h|#include "aod/flow.h"|include/aod/status.h:'
    )
    local c file add want
    for c in "${cases[@]}"; do
        IFS='|' read -r file add want <<<"$c"
        rm -rf "$tmp/t"
        mkdir -p "$tmp/t"
        cp -r "$root"/include "$root"/engine "$root"/probes "$tmp/t/"
        [ -d "$root/common" ] && cp -r "$root/common" "$tmp/t/"
        printf '%s\n' "$add" >>"$tmp/t/$file"
        if out=$(check_tree "$tmp/t"); then
            echo "FAIL: adding '$add' to $file was not caught"
            failed=1
        elif [[ $out != *"$want"* ]]; then
            echo "FAIL: adding '$add' to $file: the report does not name '$want':"
            printf '%s\n' "$out"
            failed=1
        else
            echo "ok: caught '$add' in $file"
        fi
    done
    return $failed
}

if [ "${1:-}" = --self-test ]; then
    self_test "${2:?usage: layers.sh --self-test ROOT}"
    exit
fi
root=${1:?usage: layers.sh ROOT}
if check_tree "$root"; then
    echo "ok: the layers hold"
else
    exit 1
fi
