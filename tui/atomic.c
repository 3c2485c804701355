/* tui/atomic.c: writes a whole file under a temporary name, syncs it, then renames or links it
 * into place. Keeps an existing file's mode; new files are private. Knows nothing of sessions. */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Syncs the folder that holds `path`, so the new name itself survives a crash. Best effort:
 * some file systems refuse fsync on a folder, and the file is already complete by then. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir =
        slash == NULL ? strdup(".") : strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (dir == NULL)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

bool aod_file_write(const char *path, bool is_new_only, aod_write_fn *write, void *ctx,
                    bool *is_taken, struct aod_err *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    FILE *f = NULL;
    bool is_ok = false;
    bool is_made = false;
    mode_t mode = 0600;
    struct stat sb;
    int fd = -1;

    if (is_taken != NULL)
        *is_taken = false;
    if (tmp == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "out of memory");
        return false;
    }
    /* Replacing the user's file: keep the access the user gave it (not set-id bits). */
    if (!is_new_only && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
        mode = sb.st_mode & 0777;
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    fd = mkstemp(tmp); /* 0600 already */
    if (fd < 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    is_made = true;
    if (mode != 0600 && fchmod(fd, mode) != 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", tmp, strerror(errno));
        close(fd);
        goto out;
    }
    f = fdopen(fd, "w");
    if (f == NULL) {
        aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
        close(fd);
        goto out;
    }
    is_ok = write(f, ctx);
    /* On disk before the name moves: a crash must leave the old file or the whole new one. */
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
        is_ok = false;
    if (fclose(f) != 0)
        is_ok = false;
    if (!is_ok) {
        aod_err_set(err, AOD_E_IO, "%s: cannot write: %s", path, strerror(errno));
        goto out;
    }
    if (is_new_only) {
        /* link() fails on an existing name, so nothing is ever replaced. */
        if (link(tmp, path) != 0) {
            if (errno == EEXIST && is_taken != NULL)
                *is_taken = true;
            else
                aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
            is_ok = false;
        }
    } else if (rename(tmp, path) != 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
        is_ok = false;
    } else {
        is_made = false; /* the temporary name is gone */
    }
    if (is_ok)
        sync_dir(path);
out:
    if (is_made)
        unlink(tmp);
    free(tmp);
    return is_ok;
}

bool aod_save_atomic(const char *path, aod_write_fn *write, void *ctx, struct aod_err *err)
{
    return aod_file_write(path, false, write, ctx, NULL, err);
}
