/*
 * main.c - kube-apiserver's entry point (upstream: cmd/kube-apiserver/apiserver.go and
 * app/server.go NewAPIServerCommand, Run, CreateServerChain; genericapiserver's
 * PrepareRun/RunWithContext for serving, readiness and shutdown).
 *
 * Parse and validate the command line as upstream does, refuse what is not built yet
 * (authorization modes other than AlwaysAllow, --anonymous-auth=false), connect to etcd, start
 * one watch cache per stored resource, serve HTTPS (the given certificate, or a self-signed
 * one in --cert-dir), create the bootstrap objects, compact etcd, and on SIGTERM/SIGINT stop
 * serving and exit 0.  READY=1 goes to systemd once the caches have synced.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/event.h>
#include <openssl/ssl.h>

#include "kube-apiserver/options.h"
#include "kube-apiserver/controlplane/kubernetes_service.h"
#include "kube-apiserver/controlplane/repair.h"
#include "kube-apiserver/registry/bootstrap.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/server.h"
#include "kube-apiserver/shutdown.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/netutil.h"
#include "libkcommon/signals.h"
#include "libkcommon/strv.h"
#include "libkcommon/tls.h"
#include "libkcommon/validation.h"

#define SECURITY_ISSUE "the security issue (authentication, authorization, admission)"

struct daemon {
	struct event_base *base;
	struct kc_etcd3 *etcd;
	struct store_set *stores;
	struct service_alloc *services;
	struct kubernetes_service *kubernetes_service;
	struct service_repair *repair;
	struct apiserver *server;
	struct bootstrap *bootstrap;
	struct kc_signals *signals;
	struct event *ready_timer;
	int notified;
	const struct kube_apiserver_options *opts;
	struct apiserver_shutdown *shutdown; /* the graceful sequence, once SIGTERM came */
};

/* Only what ckube has: AlwaysAllow and anonymous requests, until the security issue. */
static int
check_security_modes(const struct kube_apiserver_options *o)
{
	for (size_t i = 0; i < o->authorization_mode.n; i++) {
		if (strcmp(o->authorization_mode.v[i], "AlwaysAllow") == 0)
			continue;
		kc_error("\"command failed\" err=\"--authorization-mode=%s is not implemented by "
			 "ckube yet: only AlwaysAllow is; authorization comes with %s (see "
			 "docs/compat.md)\"",
			 o->authorization_mode.v[i], SECURITY_ISSUE);
		return -1;
	}
	if (o->encryption_provider_config != NULL && o->encryption_provider_config[0] != '\0') {
		/* never store secrets in the clear while encryption at rest was asked for */
		kc_error(
			"\"command failed\" err=\"--encryption-provider-config is not implemented by "
			"ckube yet: refusing to start rather than store resources unencrypted (see "
			"docs/compat.md)\"");
		return -1;
	}
	if (!o->anonymous_auth) {
		kc_error(
			"\"command failed\" err=\"--anonymous-auth=false is not implemented by ckube "
			"yet: every request is anonymous until %s (see docs/compat.md)\"",
			SECURITY_ISSUE);
		return -1;
	}
	return 0;
}

static int
is_unspecified(const char *ip)
{
	return ip == NULL || ip[0] == '\0' || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0;
}

/*
 * --advertise-address, else --bind-address unless it is unspecified or loopback, else the
 * host's primary address (upstream: DefaultAdvertiseAddress + utilnet.ResolveBindAddress), so
 * the kubernetes Endpoints never carry an address other hosts and pods cannot use.
 */
static void
advertise_address(const struct kube_apiserver_options *o, char *buf, size_t size)
{
	if (!is_unspecified(o->advertise_address))
		snprintf(buf, size, "%s", o->advertise_address);
	else if (!is_unspecified(o->bind_address) && strncmp(o->bind_address, "127.", 4) != 0 &&
		 strcmp(o->bind_address, "::1") != 0)
		snprintf(buf, size, "%s", o->bind_address);
	else if (kc_netutil_host_primary_ip(buf, size) < 0)
		snprintf(buf, size, "127.0.0.1");
}

/* The first address of --service-cluster-ip-range + 1 (the kubernetes Service's IP), for the
 * self-signed certificate's SANs; "" when the range does not parse. */
static void
first_service_ip(const char *range, char *buf, size_t size)
{
	unsigned char ip[16];
	int prefix, fam;
	char cidr[64];

	buf[0] = '\0';
	snprintf(cidr, sizeof(cidr), "%.*s", (int)strcspn(range ? range : "", ","),
		 range ? range : "");
	fam = kc_validation_parse_cidr(cidr, ip, &prefix);
	if (fam != 4)
		return;
	snprintf(buf, size, "%u.%u.%u.%u", ip[12], ip[13], ip[14], ip[15] + 1);
}

/* The ClusterIP and NodePort ranges (alloc.go / the allocators of pkg/controlplane). */
static int
start_service_alloc(struct daemon *d, const struct kube_apiserver_options *o)
{
	struct service_alloc_options ao = { .etcd = d->etcd };
	char err[256] = "";
	int r;

	ao.cluster_ip_range = o->service_cluster_ip_range;
	if (o->service_node_port_range != NULL && o->service_node_port_range[0] != '\0')
		kc_netutil_parse_port_range(o->service_node_port_range, &ao.node_port_base,
					    &ao.node_port_size, NULL, 0);
	r = service_alloc_new(&ao, &d->services, err, sizeof(err));
	if (r < 0)
		kc_error("\"command failed\" err=\"%s\"", err[0] ? err : kc_strerror(r));
	return r;
}

/* The default/kubernetes Service and its endpoints (the controlplane's controller). */
static int
start_kubernetes_service(struct daemon *d, const struct kube_apiserver_options *o,
			 const char *advertise)
{
	struct kubernetes_service_options ko = {
		.stores = d->stores,
		.services = d->services,
		.etcd = d->etcd,
		.public_ip = advertise,
		.secure_port = o->secure_port,
		.node_port = o->kubernetes_service_node_port,
		.reconciler = o->endpoint_reconciler_type,
	};

	d->kubernetes_service = kubernetes_service_start(d->base, &ko);
	/* the ranges rebuilt from the Services at start and every 3 minutes */
	d->repair = service_repair_start(d->base, d->etcd, d->services, 0);
	return d->kubernetes_service != NULL && d->repair != NULL ? 0 : KC_ERR_NOMEM;
}

static SSL_CTX *
serving_tls(const struct kube_apiserver_options *o, const char *advertise)
{
	struct kc_tls_server_opts t = { 0 };
	KC_AUTOFREE char *cert = NULL, *key = NULL;
	char err[512], svc_ip[64];
	const char *ips[3] = { NULL }, *dns[] = { "kubernetes.default.svc", "kubernetes.default",
						  "kubernetes", "localhost", NULL };
	size_t n = 0;
	SSL_CTX *ctx;
	int r;

	if (o->tls_cert_file != NULL && o->tls_cert_file[0] != '\0') {
		t.cert_file = o->tls_cert_file;
		t.key_file = o->tls_private_key_file;
	} else {
		first_service_ip(o->service_cluster_ip_range, svc_ip, sizeof(svc_ip));
		if (svc_ip[0] != '\0')
			ips[n++] = svc_ip;
		ips[n++] = "127.0.0.1";
		r = kc_tls_ensure_self_signed(o->cert_dir, "apiserver", advertise, ips, dns, &cert,
					      &key, err, sizeof(err));
		if (r < 0) {
			kc_error(
				"\"command failed\" err=\"unable to generate self signed cert: %s\"",
				err);
			return NULL;
		}
		if (r > 0)
			kc_info("Generated self-signed cert (%s, %s)", cert, key);
		t.cert_file = cert;
		t.key_file = key;
	}
	t.min_version = o->tls_min_version;
	ctx = kc_tls_server_ctx_new(&t, err, sizeof(err));
	if (ctx == NULL)
		kc_error("\"command failed\" err=\"%s\"", err);
	return ctx;
}

static void
on_shutdown_done(void *arg)
{
	struct daemon *d = arg;

	event_base_loopbreak(d->base);
}

/* SIGTERM/SIGINT: the graceful sequence of shutdown.h (a second signal exits at once). */
static void
on_term(void *arg, int sig)
{
	struct daemon *d = arg;
	struct apiserver_shutdown_options so = {
		.delay_ns = d->opts->shutdown_delay_duration,
		.send_retry_after = d->opts->shutdown_send_retry_after,
		.watch_grace_ns = d->opts->shutdown_watch_termination_grace_period,
		.done = on_shutdown_done,
		.arg = d,
	};

	kc_info("Received signal %d, shutting down", sig);
	if (d->shutdown != NULL)
		return;
	d->shutdown = apiserver_shutdown_start(d->base, d->server, &so);
	if (d->shutdown == NULL)
		event_base_loopbreak(d->base);
}

static void
on_ready_timer(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct timeval tv = { 0, 100000 };

	(void)fd;
	(void)what;
	if (!d->notified && store_set_ready(d->stores)) {
		d->notified = 1;
		kc_info("All watch caches have synced; ready");
		kc_sd_notify("READY=1");
		return;
	}
	event_add(d->ready_timer, &tv);
}

static int
start_etcd(struct daemon *d, const struct kube_apiserver_options *o)
{
	struct kc_etcd3_options eo = { 0 };
	char err[512];

	eo.servers = (const char *const *)o->etcd_servers.v;
	eo.n_servers = o->etcd_servers.n;
	eo.prefix = o->etcd_prefix;
	eo.ca_file = o->etcd_cafile;
	eo.cert_file = o->etcd_certfile;
	eo.key_file = o->etcd_keyfile;
	if (kc_etcd3_new(d->base, &eo, &d->etcd, err, sizeof(err)) < 0) {
		kc_error("\"command failed\" err=\"error creating storage factory: %s\"", err);
		return -1;
	}
	return 0;
}

static int
run(struct daemon *d, const struct kube_apiserver_options *o)
{
	struct store_set_options so = { 0 };
	struct apiserver_config cfg = { 0 };
	char advertise[64], addr[300];
	SSL_CTX *tls;
	struct timeval now = { 0, 0 };
	int r;

	d->opts = o;
	d->base = event_base_new();
	if (d->base == NULL)
		return -1;
	advertise_address(o, advertise, sizeof(advertise));
	tls = serving_tls(o, advertise);
	if (tls == NULL || start_etcd(d, o) < 0) {
		SSL_CTX_free(tls);
		return -1;
	}
	so.etcd = d->etcd;
	so.event_ttl_seconds = o->event_ttl / 1000000000LL;
	if (store_set_new(&so, &d->stores) < 0) {
		SSL_CTX_free(tls);
		return -1;
	}
	if (start_service_alloc(d, o) < 0) {
		SSL_CTX_free(tls);
		return -1;
	}
	cfg.services = d->services;
	cfg.advertise_address = advertise;
	cfg.secure_port = o->secure_port;
	cfg.stores = d->stores;
	cfg.min_request_timeout_s = o->min_request_timeout;
	d->server = apiserver_new(d->base, &cfg);
	if (d->server == NULL) {
		SSL_CTX_free(tls);
		return -1;
	}
	if (is_unspecified(o->bind_address))
		snprintf(addr, sizeof(addr), ":%d", o->secure_port);
	else if (strchr(o->bind_address, ':') != NULL)
		snprintf(addr, sizeof(addr), "[%s]:%d", o->bind_address, o->secure_port);
	else
		snprintf(addr, sizeof(addr), "%s:%d", o->bind_address, o->secure_port);
	r = apiserver_listen(d->server, addr, tls);
	SSL_CTX_free(tls);
	if (r < 0) {
		kc_error("\"command failed\" err=\"failed to listen on %s: %s\"", addr,
			 kc_strerror(r));
		return -1;
	}
	kc_info("Serving securely on %s", addr);
	kc_etcd3_compactor_start(d->etcd, (long)(o->etcd_compaction_interval / 1000000));
	d->bootstrap = bootstrap_start(d->base, d->stores, 0, NULL, NULL);
	if (start_kubernetes_service(d, o, advertise) < 0)
		return -1;
	d->signals = kc_signals_install(d->base, on_term, d);
	d->ready_timer = event_new(d->base, -1, 0, on_ready_timer, d);
	if (d->bootstrap == NULL || d->signals == NULL || d->ready_timer == NULL)
		return -1;
	event_add(d->ready_timer, &now);
	event_base_dispatch(d->base);
	return 0;
}

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(int *)arg = 1;
}

/* RemoveEndpoints: this apiserver's master lease is deleted (waiting up to 2 s) before the
 * etcd client goes. */
static void
stop_kubernetes_service(struct daemon *d)
{
	struct timeval tv = { 2, 0 };
	struct event *deadline;
	int late = 0;

	if (d->kubernetes_service == NULL)
		return;
	kubernetes_service_stop(d->kubernetes_service);
	deadline = evtimer_new(d->base, on_deadline, &late);
	if (deadline != NULL) {
		evtimer_add(deadline, &tv);
		while (!late && !kubernetes_service_stopped(d->kubernetes_service))
			event_base_loop(d->base, EVLOOP_ONCE);
		event_free(deadline);
	}
	d->kubernetes_service = kubernetes_service_free(d->kubernetes_service);
}

/* Stops serving (watches end), fails what still waits for etcd, frees everything. */
static void
shutdown_daemon(struct daemon *d)
{
	struct timeval tv = { 0, 100000 };

	if (d->ready_timer != NULL)
		event_free(d->ready_timer);
	d->shutdown = apiserver_shutdown_free(d->shutdown);
	d->bootstrap = bootstrap_free(d->bootstrap);
	if (d->server != NULL)
		apiserver_stop(d->server);
	stop_kubernetes_service(d);
	d->repair = service_repair_free(d->repair);
	/* before the stores: their pending writes then finish without the ranges */
	d->services = service_alloc_free(d->services);
	d->stores = store_set_free(d->stores);
	d->server = apiserver_free(d->server);
	d->etcd = kc_etcd3_free(d->etcd);
	d->signals = kc_signals_free(d->signals);
	if (d->base != NULL) {
		/* let libevent close what the frees scheduled */
		event_base_loopexit(d->base, &tv);
		event_base_dispatch(d->base);
		event_base_free(d->base);
	}
}

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kube_apiserver_options *o;
	struct kc_strv errs = KC_STRV_INIT;
	struct daemon d = { 0 };
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	o = kube_apiserver_options();
	r = kc_log_command_failed(kube_apiserver_options_validate(o, &errs), &errs);
	kc_strv_release(&errs);
	if (r != 0 || check_security_modes(o) < 0) {
		kc_flags_release(fs);
		return 1;
	}
	kc_info("Version: v1.32.0 (ckube)");
	r = run(&d, o);
	shutdown_daemon(&d);
	kc_flags_release(fs);
	return r < 0 ? 1 : 0;
}
