/* include/aod/exit.h: the exit codes of every command (the wizard, walk, lint, graph, probe),
 * defined once. 64 and up follow BSD sysexits.h. */
#ifndef AOD_EXIT_H
#define AOD_EXIT_H

#define AOD_EXIT_OK         0
#define AOD_EXIT_INCOMPLETE 1 /* ended before a conclusion, or lint found problems */
/* `probe`: the verdict (AOD_EXIT_OK is pass). */
#define AOD_EXIT_FAIL         1
#define AOD_EXIT_INCONCLUSIVE 2
#define AOD_EXIT_ERROR        3  /* the probe could not run */
#define AOD_EXIT_USAGE        64 /* bad command line (EX_USAGE) */
#define AOD_EXIT_DATA         65 /* the flows are broken (EX_DATAERR) */
#define AOD_EXIT_SOFTWARE     70 /* out of memory and the like (EX_SOFTWARE) */

#endif
