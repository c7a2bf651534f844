/*
 * duration.h - Go time.Duration text ("1m30s", "100ms", "2h45m") as int64 nanoseconds, used by
 * flags and by config files (KubeletConfiguration, KubeProxyConfiguration, ...).
 */
#ifndef KC_DURATION_H
#define KC_DURATION_H

#include <stddef.h>
#include <stdint.h>

#define KC_NSEC_PER_USEC 1000LL
#define KC_NSEC_PER_MSEC 1000000LL
#define KC_NSEC_PER_SEC	 1000000000LL

/* Parses like Go's time.ParseDuration; KC_ERR_INVALID or KC_ERR_RANGE on bad input. */
int kc_duration_parse(const char *s, int64_t *ret_ns);

/* Formats like Go's Duration.String ("1h0m0s", "1.5s", "100ms", "0s") into buf (>= 32 bytes). */
const char *kc_duration_format(int64_t ns, char *buf, size_t size);

#endif
