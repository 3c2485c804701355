/* tui/flows_dir.c: decides which flow folder to load: the option, the environment, the source
 * tree of a build, or the installed data folder. */
#include "driver.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *aod_flows_dir(const char *opt)
{
    static char exe[4096];
    const char *env = getenv("AOD_FLOWS_DIR");

    if (opt != NULL)
        return opt;
    if (env != NULL && env[0] != '\0')
        return env;
    /* A binary that runs from its build tree uses the flows of the tree it was built from. */
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        size_t blen = strlen(AOD_BUILD_DIR);
        exe[n] = '\0';
        if (strncmp(exe, AOD_BUILD_DIR, blen) == 0 && exe[blen] == '/' &&
            access(AOD_SOURCE_FLOWS_DIR, R_OK) == 0)
            return AOD_SOURCE_FLOWS_DIR;
    }
    return AOD_FLOWS_INSTALL_DIR;
}
