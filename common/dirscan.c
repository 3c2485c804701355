/* common/dirscan.c: the *.json files of a folder, sorted (include/aod/dirscan.h). The one folder
 * scan of the program; it opens and reads the folder, never a file. */
#include "aod/dirscan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void aod_dirscan_free(char **paths, size_t n)
{
    if (paths == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

enum aod_status aod_dirscan_json(const char *dir, char ***paths, size_t *n, struct aod_err *err)
{
    enum aod_status rc = AOD_OK;
    char **names = NULL;
    size_t used = 0;
    size_t cap = 0;
    DIR *d = opendir(dir);
    struct dirent *e;

    *paths = NULL;
    *n = 0;
    if (d == NULL)
        return aod_err_set(err, AOD_E_IO, "cannot open flow folder: %s", strerror(errno));
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        size_t size = strlen(dir) + len + 2;
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.')
            continue;
        if (used == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (nn == NULL) {
                rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
                goto out;
            }
            names = nn;
            cap = ncap;
        }
        names[used] = malloc(size);
        if (names[used] == NULL) {
            rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
            goto out;
        }
        snprintf(names[used], size, "%s/%s", dir, e->d_name);
        used++;
    }
    if (used > 0)
        qsort(names, used, sizeof *names, name_cmp);
out:
    closedir(d);
    if (rc != AOD_OK) {
        aod_dirscan_free(names, used);
        return rc;
    }
    *paths = names;
    *n = used;
    return AOD_OK;
}
