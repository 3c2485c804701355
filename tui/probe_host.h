/* tui/probe_host.h: finds and loads the probes module on first use, so that the wizard's first
 * screen does not pay for libcurl and libcrypto. */
#ifndef AOD_TUI_PROBE_HOST_H
#define AOD_TUI_PROBE_HOST_H

#include "aod/probe.h"

/* Returns the probes' table, loading the module on the first call; later calls return the same
 * pointer. Returns NULL and fills `err` when the module is missing or does not match; the
 * caller then asks the user for the outcome instead. Never prints. */
const struct aod_probe_api *aod_probe_host(struct aod_err *err);

#endif
