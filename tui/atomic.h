/* tui/atomic.h: the one way a front end writes a file the user keeps (transcript, recording,
 * .ps1): whole or not at all, private unless the user's own file says otherwise. */
#ifndef AOD_TUI_ATOMIC_H
#define AOD_TUI_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>

#include "aod/status.h"

/* Fills the file; returns false on failure. */
typedef bool aod_write_fn(FILE *f, void *ctx);

/* Writes `path` through a temporary file in the same folder: `write` fills it, it is flushed
 * to disk (fsync), then given its name, and the folder is synced too, so that a failure or a
 * crash never leaves half a file and never loses the old one.
 * - is_new_only false: rename() replaces `path`. The file keeps the permission bits of the
 *   file it replaces; a new file is 0600 whatever the umask (it holds user names, host names
 *   and server replies).
 * - is_new_only true: link() gives the name, so an existing file is never replaced; when
 *   `path` exists, returns false with *is_taken set (is_taken may be NULL) and err untouched.
 *   The file is 0600.
 * Returns false with the reason in err; no temporary file is left behind. Blocks on disk I/O. */
bool aod_file_write(const char *path, bool is_new_only, aod_write_fn *write, void *ctx,
                    bool *is_taken, struct aod_err *err);

/* aod_file_write(path, false, ...): replace `path` atomically. */
bool aod_save_atomic(const char *path, aod_write_fn *write, void *ctx, struct aod_err *err);

#endif
