/*
 * etcd_server.h - a real etcd (Debian etcd-server 3.4) for tests, on 127.0.0.1 in a temp dir.
 *
 * etcd_server_start() forks etcd with its data dir and log under `dir`, on two free loopback
 * ports (client and peer), and waits until it serves clients.  The process gets SIGKILL if the
 * test binary dies first.  With `pki` (a directory made by etcd_server_make_pki()) the client
 * port is TLS with client-certificate auth (--client-cert-auth).
 */
#ifndef TEST_ETCD_SERVER_H
#define TEST_ETCD_SERVER_H

#include <sys/types.h>

struct etcd_server {
	pid_t pid;
	char *dir; /* its directory: data dir "data", log "etcd.log" */
	char *log_path;
	char *client_url; /* "http://127.0.0.1:PORT" or "https://..." */
	int client_port;
	int peer_port;
	char *pki; /* NULL for plain HTTP */
};

/* Whether an etcd binary is on PATH. */
int etcd_server_available(void);

/*
 * Starts etcd under dir (created if needed); NULL when it did not come up within 20 s (the
 * reason and the log tail are printed to stderr).  pki may be NULL.
 */
struct etcd_server *etcd_server_start(const char *dir, const char *pki);

/*
 * The unit tests' etcd: etcd_server_start() in <kc_test_tmpdir()>/<name>; with tls, the client
 * port uses a PKI that etcd_server_make_pki() writes to <name>/pki first (s->pki names it, for
 * the client's certificates).  NULL as etcd_server_start(), or when the PKI could not be made.
 */
struct etcd_server *etcd_server_start_in_tmpdir(const char *name, int tls);
/* Why a test's etcd is NULL, for its failure message: not installed, or did not start. */
const char *etcd_server_missing(void);

/*
 * Check fixtures (tcase_add_unchecked_fixture) for the test cases that share one etcd:
 * etcd_test_setup() starts etcd_test ("etcd"), etcd_test_tls_setup() etcd_test_tls ("etcd-tls",
 * client-certificate TLS; its PKI in etcd_test_tls->pki); NULL when it did not start.  The
 * teardowns stop them.
 */
extern struct etcd_server *etcd_test, *etcd_test_tls;
void etcd_test_setup(void);
void etcd_test_teardown(void);
void etcd_test_tls_setup(void);
void etcd_test_tls_teardown(void);

struct event_base;
struct kc_etcd3;

/*
 * A kube-apiserver etcd3 client on base for s, one endpoint, with that request timeout and key
 * prefix (NULL: the client's default "/registry").  A checked-fixture helper: it fails the
 * running Check test (etcd_server_missing()) when s is NULL and when the client cannot be made,
 * so it never returns NULL.  The caller frees it with kc_etcd3_free().
 */
struct kc_etcd3 *etcd_test_client_at(struct event_base *base, const struct etcd_server *s,
				     int request_timeout_ms, const char *prefix);
/*
 * etcd_test_client_at() on a fresh prefix "/t<pid>-<ms>": each Check test runs in its own
 * process, so the tests sharing one etcd never see each other's keys.
 */
struct kc_etcd3 *etcd_test_client(struct event_base *base, const struct etcd_server *s,
				  int request_timeout_ms);

/* Stops (SIGTERM, then SIGKILL after 5 s) and frees; NULL-safe; returns NULL. */
struct etcd_server *etcd_server_stop(struct etcd_server *s);

/* Kills etcd at once (SIGKILL, as a crash would): its clients see their connections drop. */
void etcd_server_crash(struct etcd_server *s);

/* Starts etcd again on the same ports and data; 0, or -1 when it did not come up. */
int etcd_server_restart(struct etcd_server *s);

/*
 * Writes a throwaway PKI into dir with the openssl CLI (EC P-256): ca.crt/ca.key,
 * server.crt/server.key (IP:127.0.0.1, DNS:localhost), client.crt/client.key (clientAuth), and
 * other-ca.crt, a CA that signed neither.  Returns 0 or -1.
 */
int etcd_server_make_pki(const char *dir);

/* A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0), or -1. */
int etcd_server_free_port(void);

/* The whole content of a file, malloc()ed, or NULL. */
char *etcd_server_read_file(const char *path);

/*
 * Process helpers, shared with containerd_server.c.
 */

/* Forks and execs argv[0] (PATH search) with stdout and stderr to log_path, SIGKILL when the
 * parent dies; returns the pid or -1. */
pid_t etcd_server_spawn(const char *const argv[], const char *log_path);

/* Waits until log_path contains `needle` (0), the process exits (-1) or timeout_ms passes (-1);
 * prints the log tail on failure. */
int etcd_server_wait_log(pid_t pid, const char *log_path, const char *needle, int timeout_ms);

/* SIGTERM, then SIGKILL after timeout_ms; reaps it. */
void etcd_server_kill(pid_t pid, int timeout_ms);

#endif
