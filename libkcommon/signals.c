/*
 * signals.c - SIGTERM/SIGINT on the event loop, sd_notify without libsystemd
 * (upstream: k8s.io/apiserver/pkg/server/signal.go; systemd sd_notify(3) protocol).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>

#include "libkcommon/errors.h"
#include "libkcommon/log.h"
#include "libkcommon/signals.h"

struct kc_signals {
	struct event *term;
	struct event *intr;
	void (*on_term)(void *arg, int sig);
	void *arg;
	int received;
};

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct kc_signals *s = arg;

	if (s->received++) {
		kc_warning("received signal %d again, exiting now", (int)sig);
		_exit(1);
	}
	kc_info("received signal %d, shutting down", (int)sig);
	s->on_term(s->arg, (int)sig);
}

struct kc_signals *
kc_signals_install(struct event_base *base, void (*on_term)(void *arg, int sig), void *arg)
{
	struct kc_signals *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	signal(SIGPIPE, SIG_IGN);
	s->on_term = on_term;
	s->arg = arg;
	s->term = evsignal_new(base, SIGTERM, on_signal, s);
	s->intr = evsignal_new(base, SIGINT, on_signal, s);
	if (s->term == NULL || s->intr == NULL || evsignal_add(s->term, NULL) < 0 ||
	    evsignal_add(s->intr, NULL) < 0)
		return kc_signals_free(s);
	return s;
}

struct kc_signals *
kc_signals_free(struct kc_signals *s)
{
	if (s == NULL)
		return NULL;
	if (s->term != NULL)
		event_free(s->term);
	if (s->intr != NULL)
		event_free(s->intr);
	free(s);
	return NULL;
}

int
kc_sd_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len;
	socklen_t salen;
	int fd, r = 1;

	if (path == NULL || *path == '\0')
		return 0;
	len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sa.sun_path))
		return KC_ERR_INVALID;
	memcpy(sa.sun_path, path, len);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0'; /* abstract socket */
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return KC_ERR_SYSTEM;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, salen) < 0)
		r = KC_ERR_SYSTEM;
	close(fd);
	return r;
}
