/*
 * signals.h - clean shutdown and service-manager readiness for every daemon.
 *
 * kc_signals_install() makes SIGTERM and SIGINT call `on_term` on the loop (once; a second signal
 * exits at once, as upstream's shutdown handler does) and ignores SIGPIPE (sockets report EPIPE).
 * kc_sd_notify() sends a state ("READY=1") to $NOTIFY_SOCKET when it is set, as sd_notify(3).
 */
#ifndef KC_SIGNALS_H
#define KC_SIGNALS_H

struct event_base;

struct kc_signals;

struct kc_signals *kc_signals_install(struct event_base *base, void (*on_term)(void *arg, int sig),
				      void *arg);
struct kc_signals *kc_signals_free(struct kc_signals *s);

/* 1 when sent, 0 when NOTIFY_SOCKET is unset, < 0 on error. */
int kc_sd_notify(const char *state);

#endif
