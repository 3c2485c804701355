/* include/aod/dirscan.h: lists the *.json files of one folder, the way every command finds flow
 * files (the catalog's folder, lint's context flows). Reads the folder; nothing else. */
#ifndef AOD_DIRSCAN_H
#define AOD_DIRSCAN_H

#include <stddef.h>

#include "aod/status.h"

/* The names "dir/NAME.json" of the folder's files whose name ends in ".json", has more than the
 * suffix and does not start with '.', sorted by strcmp. On AOD_OK *paths is an owned array of
 * *n owned strings (NULL when n is 0), freed with aod_dirscan_free. Errors: AOD_E_IO when the
 * folder cannot be opened (err says why, without the folder name), AOD_E_NOMEM; *paths is then
 * NULL. */
enum aod_status aod_dirscan_json(const char *dir, char ***paths, size_t *n, struct aod_err *err);

/* Frees what aod_dirscan_json returned; accepts NULL. */
void aod_dirscan_free(char **paths, size_t n);

#endif
