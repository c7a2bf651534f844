/*
 * etcd_server.c - start and stop a real etcd for tests (the recipe of shared/docs/lab/
 * etcd-plain.sh, etcd-tls.sh and mkcerts.sh, with free ports and a private directory).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>

#include "kube-apiserver/storage/etcd3.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

int
etcd_server_free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int port = -1;

	if (fd < 0)
		return -1;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

char *
etcd_server_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *tmp = realloc(buf, len + n + 1);

		if (tmp == NULL) {
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = tmp;
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (buf == NULL)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

static int
program_on_path(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	int found = 0;

	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	copy = strdup(path);
	if (copy == NULL)
		return 0;
	for (dir = strtok_r(copy, ":", &save); dir != NULL && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char full[4096];

		snprintf(full, sizeof(full), "%s/%s", dir, name);
		found = access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

int
etcd_server_available(void)
{
	return program_on_path("etcd");
}

pid_t
etcd_server_spawn(const char *const argv[], const char *log_path)
{
	pid_t parent = getpid();
	/* Opened (and emptied) here, not in the child: a waiter must never read the last run's. */
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pid_t pid;

	if (fd < 0)
		return -1;
	pid = fork();
	if (pid != 0) {
		close(fd);
		return pid;
	}
	/* Child: die with the test binary, log to the file, no inherited descriptors. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	dup2(fd, 1);
	dup2(fd, 2);
	for (int i = 3; i < 1024; i++)
		close(i);
	setpgid(0, 0); /* a terminal's ^C goes to the test binary, which then kills us */
	execvp(argv[0], (char *const *)argv);
	_exit(127);
}

static void
print_log_tail(const char *log_path)
{
	char *log = etcd_server_read_file(log_path);
	size_t len;

	if (log == NULL)
		return;
	len = strlen(log);
	fprintf(stderr, "--- last lines of %s ---\n%s\n---\n", log_path,
		len > 3000 ? log + len - 3000 : log);
	free(log);
}

int
etcd_server_wait_log(pid_t pid, const char *log_path, const char *needle, int timeout_ms)
{
	long deadline = kc_test_mono_ms() + timeout_ms;
	int status;

	for (;;) {
		char *log = etcd_server_read_file(log_path);
		int found = log != NULL && strstr(log, needle) != NULL;

		free(log);
		if (found)
			return 0;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr, "%s: process %d exited (status 0x%x) before \"%s\"\n",
				log_path, (int)pid, status, needle);
			print_log_tail(log_path);
			return -1;
		}
		if (kc_test_mono_ms() > deadline) {
			fprintf(stderr, "%s: no \"%s\" after %d ms\n", log_path, needle,
				timeout_ms);
			print_log_tail(log_path);
			return -1;
		}
		usleep(20000);
	}
}

void
etcd_server_kill(pid_t pid, int timeout_ms)
{
	long deadline = kc_test_mono_ms() + timeout_ms;
	int status;

	if (pid <= 0)
		return;
	if (kill(pid, SIGTERM) < 0 && errno == ESRCH) {
		(void)waitpid(pid, &status, WNOHANG);
		return;
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (kc_test_mono_ms() > deadline) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &status, 0);
			return;
		}
		usleep(10000);
	}
}

/* Forks etcd with s's directory, ports and PKI; waits until it serves clients. */
static int
etcd_server_launch(struct etcd_server *s)
{
	char data[4096], cert[4096], key[4096], ca[4096];
	char listen_peer[128], initial[160];
	const char *argv[40] = {
		"etcd",        "--name",
		"test0",       "--data-dir",
		data,          "--listen-client-urls",
		s->client_url, "--advertise-client-urls",
		s->client_url, "--listen-peer-urls",
		listen_peer,   "--initial-advertise-peer-urls",
		listen_peer,   "--initial-cluster",
		initial,       "--initial-cluster-state",
		"new",         "--logger",
		"zap",         "--log-outputs",
		"stderr",      NULL,
	};
	int argc = 0;

	snprintf(data, sizeof(data), "%s/data", s->dir);
	snprintf(listen_peer, sizeof(listen_peer), "http://127.0.0.1:%d", s->peer_port);
	snprintf(initial, sizeof(initial), "test0=%s", listen_peer);
	while (argv[argc] != NULL)
		argc++;
	if (s->pki != NULL) {
		snprintf(cert, sizeof(cert), "%s/server.crt", s->pki);
		snprintf(key, sizeof(key), "%s/server.key", s->pki);
		snprintf(ca, sizeof(ca), "%s/ca.crt", s->pki);
		argv[argc++] = "--cert-file";
		argv[argc++] = cert;
		argv[argc++] = "--key-file";
		argv[argc++] = key;
		argv[argc++] = "--trusted-ca-file";
		argv[argc++] = ca;
		argv[argc++] = "--client-cert-auth";
		argv[argc] = NULL;
	}
	s->pid = etcd_server_spawn(argv, s->log_path);
	if (s->pid < 0)
		return -1;
	/* "serving client traffic securely" / "... insecurely" */
	return etcd_server_wait_log(s->pid, s->log_path, "serving client traffic", 20000);
}

struct etcd_server *
etcd_server_start(const char *dir, const char *pki)
{
	struct etcd_server *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	mkdir(dir, 0755);
	s->dir = strdup(dir);
	s->pki = pki != NULL ? strdup(pki) : NULL;
	s->client_port = etcd_server_free_port();
	s->peer_port = etcd_server_free_port();
	while (s->peer_port == s->client_port && s->peer_port > 0)
		s->peer_port = etcd_server_free_port();
	if (s->dir == NULL || (pki != NULL && s->pki == NULL) || s->client_port < 0 ||
	    s->peer_port < 0 || asprintf(&s->log_path, "%s/etcd.log", dir) < 0) {
		s->log_path = NULL;
		return etcd_server_stop(s);
	}
	if (asprintf(&s->client_url, "%s://127.0.0.1:%d", pki != NULL ? "https" : "http",
		     s->client_port) < 0) {
		s->client_url = NULL;
		return etcd_server_stop(s);
	}
	if (etcd_server_launch(s) < 0)
		return etcd_server_stop(s);
	return s;
}

void
etcd_server_crash(struct etcd_server *s)
{
	int status;

	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, &status, 0);
		s->pid = 0;
	}
}

int
etcd_server_restart(struct etcd_server *s)
{
	etcd_server_crash(s);
	return etcd_server_launch(s);
}

struct etcd_server *
etcd_server_start_in_tmpdir(const char *name, int tls)
{
	char dir[4096], pki[4200];

	snprintf(dir, sizeof(dir), "%s/%s", kc_test_tmpdir(), name);
	snprintf(pki, sizeof(pki), "%s/pki", dir);
	if (tls && mkdir(dir, 0755) < 0 && errno != EEXIST)
		return NULL;
	if (tls && etcd_server_make_pki(pki) < 0)
		return NULL;
	return etcd_server_start(dir, tls ? pki : NULL);
}

const char *
etcd_server_missing(void)
{
	return etcd_server_available() ? "etcd did not start (see its log above)"
				       : "etcd is not installed (Debian: etcd-server, make deps)";
}

struct etcd_server *etcd_test, *etcd_test_tls;

void
etcd_test_setup(void)
{
	etcd_test = etcd_server_start_in_tmpdir("etcd", 0);
}

void
etcd_test_teardown(void)
{
	etcd_test = etcd_server_stop(etcd_test);
}

void
etcd_test_tls_setup(void)
{
	etcd_test_tls = etcd_server_start_in_tmpdir("etcd-tls", 1);
}

void
etcd_test_tls_teardown(void)
{
	etcd_test_tls = etcd_server_stop(etcd_test_tls);
}

struct kc_etcd3 *
etcd_test_client_at(struct event_base *base, const struct etcd_server *s, int request_timeout_ms,
		    const char *prefix)
{
	const char *servers[1];
	struct kc_etcd3_options opts = { .servers = servers,
					 .n_servers = 1,
					 .prefix = prefix,
					 .request_timeout_ms = request_timeout_ms };
	struct kc_etcd3 *e = NULL;
	char err[256] = "";

	ck_assert_msg(s != NULL, "%s", etcd_server_missing());
	servers[0] = s->client_url;
	ck_assert_msg(kc_etcd3_new(base, &opts, &e, err, sizeof(err)) == 0, "%s", err);
	return e;
}

struct kc_etcd3 *
etcd_test_client(struct event_base *base, const struct etcd_server *s, int request_timeout_ms)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "/t%d-%lld", (int)getpid(), (long long)kc_test_mono_ms());
	return etcd_test_client_at(base, s, request_timeout_ms, prefix);
}

struct etcd_server *
etcd_server_stop(struct etcd_server *s)
{
	if (s == NULL)
		return NULL;
	etcd_server_kill(s->pid, 5000);
	free(s->dir);
	free(s->pki);
	free(s->log_path);
	free(s->client_url);
	free(s);
	return NULL;
}

int
etcd_server_make_pki(const char *dir)
{
	static const char script[] =
		"set -e; cd \"$1\"\n"
		"exec >pki.log 2>&1\n"
		"mkca() {\n"
		"  openssl ecparam -name prime256v1 -genkey -noout -out $1.key\n"
		"  openssl req -x509 -new -key $1.key -sha256 -days 2 -subj \"/CN=$1\" \\\n"
		"    -addext basicConstraints=critical,CA:TRUE \\\n"
		"    -addext keyUsage=critical,keyCertSign,cRLSign -out $1.crt\n"
		"}\n"
		"mkleaf() {\n"
		"  openssl ecparam -name prime256v1 -genkey -noout -out $1.key\n"
		"  openssl req -new -key $1.key -subj \"/CN=$2\" -out $1.csr\n"
		"  printf '%s\\n' \"$3\" > $1.ext\n"
		"  openssl x509 -req -in $1.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \\\n"
		"    -sha256 -extfile $1.ext -out $1.crt\n"
		"}\n"
		"mkca ca\n"
		"mkca other-ca\n"
		"mkleaf server etcd-server 'basicConstraints=CA:FALSE\n"
		"keyUsage=critical,digitalSignature,keyEncipherment\n"
		"extendedKeyUsage=serverAuth,clientAuth\n"
		"subjectAltName=IP:127.0.0.1,DNS:localhost'\n"
		"mkleaf client kube-apiserver-etcd-client 'basicConstraints=CA:FALSE\n"
		"keyUsage=critical,digitalSignature,keyEncipherment\n"
		"extendedKeyUsage=clientAuth'\n"
		"rm -f *.csr *.ext ca.srl\n"
		"chmod 600 *.key\n";
	pid_t pid;
	int status;

	mkdir(dir, 0755);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("sh", "sh", "-c", script, "sh", dir, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char log[4096];

		snprintf(log, sizeof(log), "%s/pki.log", dir);
		fprintf(stderr, "openssl failed making the test PKI in %s\n", dir);
		print_log_tail(log);
		return -1;
	}
	return 0;
}
