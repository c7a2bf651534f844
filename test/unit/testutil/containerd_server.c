/*
 * containerd_server.c - start and stop a private containerd for tests (the recipe of
 * shared/docs/lab/containerd-config.sh and containerd-start.sh, RUNTIME.md §3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "test/unit/testutil/containerd_server.h"
#include "test/unit/testutil/etcd_server.h"

#define CONFIG_FMT                                                                           \
	"version = 2\n"                                                                      \
	"root = \"%1$s/root\"\n"                                                             \
	"state = \"%1$s/state\"\n"                                                           \
	"# plugins that only fail or warn here\n"                                            \
	"disabled_plugins = [\"io.containerd.snapshotter.v1.aufs\", "                        \
	"\"io.containerd.snapshotter.v1.btrfs\", \"io.containerd.snapshotter.v1.zfs\", "     \
	"\"io.containerd.snapshotter.v1.devmapper\"]\n"                                      \
	"\n"                                                                                 \
	"[grpc]\n"                                                                           \
	"  address = \"%1$s/state/c.sock\"\n"                                                \
	"[ttrpc]\n"                                                                          \
	"  address = \"%1$s/state/c.sock.ttrpc\"\n"                                          \
	"\n"                                                                                 \
	"[plugins]\n"                                                                        \
	"  [plugins.\"io.containerd.internal.v1.opt\"]\n"                                    \
	"    path = \"%1$s/opt\"\n"                                                          \
	"  [plugins.\"io.containerd.grpc.v1.cri\"]\n"                                        \
	"    sandbox_image = \"registry.k8s.io/pause:3.6\"\n"                                \
	"    # this VM drops CAP_SYS_RESOURCE: negative oom_score_adj fails in runc\n"       \
	"    restrict_oom_score_adj = true\n"                                                \
	"    [plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"                           \
	"      snapshotter = \"native\"\n"                                                   \
	"      default_runtime_name = \"runc\"\n"                                            \
	"      [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n"           \
	"        runtime_type = \"io.containerd.runc.v2\"\n"                                 \
	"        [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n" \
	"          SystemdCgroup = false\n"                                                  \
	"          Root = \"%1$s/state/runc\"\n"                                             \
	"    [plugins.\"io.containerd.grpc.v1.cri\".cni]\n"                                  \
	"      bin_dir = \"/usr/lib/cni\"\n"                                                 \
	"      conf_dir = \"%1$s/net.d\"\n"

const char *
containerd_server_skip_reason(void)
{
	if (geteuid() != 0)
		return "containerd needs root";
	if (access("/usr/bin/containerd", X_OK) != 0 && access("/usr/local/bin/containerd", X_OK))
		return "containerd is not installed";
	return NULL;
}

static int
write_config(const struct containerd_server *s, const char *path)
{
	FILE *f = fopen(path, "w");
	int r;

	if (f == NULL)
		return -1;
	r = fprintf(f, CONFIG_FMT, s->dir);
	return fclose(f) == 0 && r > 0 ? 0 : -1;
}

struct containerd_server *
containerd_server_start(const char *dir)
{
	struct containerd_server *s = calloc(1, sizeof(*s));
	char config[4096], netd[4096];

	if (s == NULL)
		return NULL;
	mkdir(dir, 0755);
	snprintf(netd, sizeof(netd), "%s/net.d", dir);
	mkdir(netd, 0755);
	snprintf(config, sizeof(config), "%s/config.toml", dir);
	s->dir = strdup(dir);
	if (s->dir == NULL || asprintf(&s->log_path, "%s/containerd.log", dir) < 0) {
		s->log_path = NULL;
		return containerd_server_stop(s);
	}
	if (asprintf(&s->socket_path, "%s/state/c.sock", dir) < 0) {
		s->socket_path = NULL;
		return containerd_server_stop(s);
	}
	if (asprintf(&s->endpoint, "unix://%s", s->socket_path) < 0) {
		s->endpoint = NULL;
		return containerd_server_stop(s);
	}
	if (strlen(s->socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path) - 7) {
		fprintf(stderr, "containerd socket path too long: %s\n", s->socket_path);
		return containerd_server_stop(s);
	}
	if (write_config(s, config) < 0)
		return containerd_server_stop(s);
	{
		const char *argv[] = { "containerd", "--config", config, NULL };

		s->pid = etcd_server_spawn(argv, s->log_path);
	}
	if (s->pid < 0 ||
	    etcd_server_wait_log(s->pid, s->log_path, "containerd successfully booted", 20000) < 0)
		return containerd_server_stop(s);
	return s;
}

struct containerd_server *
containerd_server_stop(struct containerd_server *s)
{
	if (s == NULL)
		return NULL;
	etcd_server_kill(s->pid, 5000);
	free(s->dir);
	free(s->log_path);
	free(s->socket_path);
	free(s->endpoint);
	free(s);
	return NULL;
}
