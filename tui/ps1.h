/* tui/ps1.h: the commands of a conclusion as text: for the clipboard, and as a .ps1 file that
 * never overwrites anything. No curses: unit-tested in tests/tui/test_export.c. */
#ifndef AOD_TUI_PS1_H
#define AOD_TUI_PS1_H

#include <stdbool.h>
#include <stddef.h>

#include "aod/session.h"
#include "aod/status.h"

/* Number of commands of the conclusion `v` (run and verify, every step), leaving out the
 * commands of reference steps: those are never copied or run. */
size_t wz_command_count(const struct aod_view *v);
/* Joins the commands of the conclusion `v` (PowerShell ones as they are, others as comments
 * marked with their shell) into one text; a reference step's commands are left out, or in a
 * script written as comment lines under AOD_REFERENCE_LABEL. `only` selects one command (by its
 * index over all run and verify commands) or SIZE_MAX for all; `is_script` adds the .ps1 heading,
 * steps and risks as comments. Returns a malloc'ed string the caller frees, or NULL out of memory.
 */
char *wz_commands_text(const struct aod_view *v, size_t only, bool is_script);
/* The commands of one place (a step's "where"), each written once: for the clipboard, or as a
 * script in which a risky step runs only after Read-Host is answered "yes" and a reference
 * step is comment lines. Linux (bash) commands never make a script: NULL for that, as for out
 * of memory. */
char *wz_place_text(const struct aod_view *v, enum aod_where where, bool is_script);
/* The places with commands to copy (`is_script`: to write into a .ps1, so never Linux), in
 * enum order, with the count of distinct commands each; returns how many (at most
 * AOD_WHERE_COUNT). */
size_t wz_places(const struct aod_view *v, bool is_script, enum aod_where *places, size_t *counts);
/* Writes the .ps1 of place `where` for `v` into `dir` as aovpn-doctor-<flow>-<where>.ps1 (or
 * -2, -3 ... when taken),
 * with a UTF-8 byte order mark, through a temporary file and link(), so an existing file is
 * never overwritten. The path goes to path[cap]. False with err set (may be NULL) on an I/O
 * error; no temporary file is left behind. */
bool wz_write_ps1(const struct aod_view *v, enum aod_where where, const char *dir, char *path,
                  size_t cap, struct aod_err *err);

#endif
