/*
 * containerd_server.h - a real containerd 1.6 (Debian) for tests, everything under a temp dir.
 *
 * The config (after shared/docs/lab/containerd-config.sh) gives containerd its own root, state,
 * gRPC socket, runc root, CNI conf dir and opt dir, so it never touches /run/containerd or
 * /var/lib/containerd, and uses the native snapshotter (works on any filesystem; these tests
 * run no containers).  restrict_oom_score_adj = true, as RUNTIME.md requires on these machines.
 * containerd needs root: containerd_server_skip_reason() says why tests must be skipped.
 */
#ifndef TEST_CONTAINERD_SERVER_H
#define TEST_CONTAINERD_SERVER_H

#include <sys/types.h>

struct containerd_server {
	pid_t pid;
	char *dir;	    /* its directory: config.toml, containerd.log, root/, state/ */
	char *log_path;
	char *socket_path;  /* the gRPC socket */
	char *endpoint;	    /* "unix://" + socket_path */
};

/* NULL when containerd can run here, else why not ("needs root", "not installed"). */
const char *containerd_server_skip_reason(void);

/* Starts containerd under dir (created if needed) and waits until it has booted (20 s at
 * most); NULL on failure with the reason and log tail on stderr. */
struct containerd_server *containerd_server_start(const char *dir);

/* Stops (SIGTERM, then SIGKILL after 5 s) and frees; NULL-safe; returns NULL. */
struct containerd_server *containerd_server_stop(struct containerd_server *s);

#endif
