/* tui/script.h: scripted keys for headless runs (AOD_SCRIPT, tig TIG_SCRIPT); the file format
 * is documented with a worked example at the top of tui/script.c. */
#ifndef AOD_TUI_SCRIPT_H
#define AOD_TUI_SCRIPT_H

#include <stddef.h>

#include "aod/status.h"

struct wz_script;

/* Reads the script at `path` (at most 256 KB); returns an owned script, or NULL with err set
 * (may be NULL) when it cannot be read. */
struct wz_script *wz_script_open(const char *path, struct aod_err *err);
/* Frees `sc`; NULL is fine. */
void wz_script_free(struct wz_script *sc);
/* The next key (>= 0); or a command: returns -1 and fills cmd[cmd_cap] and arg[arg_cap]
 * ("dump-screen", "file"); returns -2 at the end of the script. Never blocks. */
int wz_script_next(struct wz_script *sc, char *cmd, size_t cmd_cap, char *arg, size_t arg_cap);

#endif
