/*
 * main.c - kube-scheduler's entry point (upstream: cmd/kube-scheduler/scheduler.go and
 * app/server.go runCommand/Setup/Run): flags and --config, the client, informers, the secure
 * port (10259: /healthz /livez /readyz /metrics, with a self-signed certificate when no
 * --tls-cert-file is given), leader election on the kube-system/kube-scheduler Lease, and a
 * graceful SIGTERM (the lease is released, as upstream's ReleaseOnCancel).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-scheduler/config.h"
#include "kube-scheduler/options.h"
#include "kube-scheduler/scheduler.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/events.h"
#include "libkcommon/flags.h"
#include "libkcommon/healthz.h"
#include "libkcommon/http_server.h"
#include "libkcommon/kubeconfig.h"
#include "libkcommon/leaderelection.h"
#include "libkcommon/log.h"
#include "libkcommon/metrics.h"
#include "libkcommon/signals.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/tls.h"

/* Upstream's leader election healthz adaptor tolerates 20 s past the lease. */
#define LEADER_HEALTHZ_TOLERANCE_NS (20LL * 1000000000)

struct daemon {
	struct event_base *base;
	struct kube_scheduler_options *o;
	struct sched_config *cfg;
	struct kc_rest_config rc;
	struct kc_client *client;
	struct kc_metrics_registry *metrics;
	struct scheduler *sched;
	struct kc_leaderelection *le;
	struct kc_events *le_events;
	struct kc_healthz *healthz, *livez, *readyz;
	struct kc_http_route routes[8];
	struct kc_http_server *http;
	struct kc_signals *signals;
	struct event *sync_timer;
	int stopping, exit_code, started;
};

static int
build_rest_config(struct daemon *d, char *err, size_t errlen)
{
	const char *master = kc_flags_nonempty(d->o->master) ? d->o->master : NULL;
	const char *kubeconfig = kc_flags_nonempty(d->cfg->kubeconfig) ? d->cfg->kubeconfig : NULL;
	int r;

	if (!master && !kubeconfig)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
	r = kc_kubeconfig_build_config(master, kubeconfig, &d->rc, err, errlen);
	if (r < 0)
		return r;
	d->rc.qps = d->cfg->qps;
	d->rc.burst = d->cfg->burst;
	/* ckube's client speaks JSON only; a protobuf contentType falls back to it. */
	free(d->rc.content_type);
	d->rc.content_type = NULL;
	return 0;
}

/* ---- health -------------------------------------------------------------------------------- */

static int
check_leader(void *arg, struct kc_strbuf *reason)
{
	struct daemon *d = arg;

	if (!d->le || kc_leaderelection_check(d->le, LEADER_HEALTHZ_TOLERANCE_NS) == 0)
		return 0;
	kc_strbuf_adds(reason, "failed election to renew leadership on lease kube-scheduler");
	return KC_ERR_TIMEOUT;
}

static int
check_synced(void *arg, struct kc_strbuf *reason)
{
	struct daemon *d = arg;

	if (scheduler_informers_synced(d->sched))
		return 0;
	kc_strbuf_adds(reason, "waiting for handlers to sync");
	return KC_ERR_UNAVAILABLE;
}

static int
setup_health(struct daemon *d)
{
	d->healthz = kc_healthz_new("/healthz");
	d->livez = kc_healthz_new("/livez");
	d->readyz = kc_healthz_new("/readyz");
	if (!d->healthz || !d->livez || !d->readyz)
		return KC_ERR_NOMEM;
	kc_healthz_add(d->healthz, "ping", kc_healthz_ping, NULL);
	kc_healthz_add(d->healthz, "leaderElection", check_leader, d);
	kc_healthz_add(d->livez, "ping", kc_healthz_ping, NULL);
	kc_healthz_add(d->livez, "leaderElection", check_leader, d);
	kc_healthz_add(d->readyz, "ping", kc_healthz_ping, NULL);
	kc_healthz_add(d->readyz, "leaderElection", check_leader, d);
	kc_healthz_add(d->readyz, "sched-handler-sync", check_synced, d);
	kc_healthz_routes(d->healthz, &d->routes[0]);
	kc_healthz_routes(d->livez, &d->routes[2]);
	kc_healthz_routes(d->readyz, &d->routes[4]);
	d->routes[6] = (struct kc_http_route){ "/metrics", kc_metrics_handler, d->metrics };
	d->routes[7] = (struct kc_http_route){ NULL, NULL, NULL };
	return 0;
}

static SSL_CTX *
serving_tls(const struct kube_scheduler_options *o)
{
	struct kc_tls_server_opts t = { 0 };
	char *cert = NULL, *key = NULL;
	const char *ips[] = { "127.0.0.1", NULL };
	const char *dns[] = { "localhost", NULL };
	char err[512];
	SSL_CTX *ctx;

	if (kc_flags_nonempty(o->tls_cert_file)) {
		t.cert_file = o->tls_cert_file;
		t.key_file = o->tls_private_key_file;
	} else if (kc_flags_nonempty(o->cert_dir)) {
		if (kc_tls_ensure_self_signed(o->cert_dir, "kube-scheduler", "localhost", ips, dns, &cert, &key, err,
					      sizeof(err)) < 0) {
			kc_error("unable to generate self signed cert: %s", err);
			return NULL;
		}
		t.cert_file = cert;
		t.key_file = key;
	} else {
		/* Upstream keeps a generated pair in memory when --cert-dir is empty. */
		if (kc_tls_generate_self_signed("localhost", ips, dns, &cert, &key, err, sizeof(err)) < 0) {
			kc_error("unable to generate self signed cert: %s", err);
			return NULL;
		}
		t.cert_pem = cert;
		t.key_pem = key;
	}
	t.min_version = o->tls_min_version;
	ctx = kc_tls_server_ctx_new(&t, err, sizeof(err));
	if (!ctx)
		kc_error("%s", err);
	free(cert);
	free(key);
	return ctx;
}

static int
setup_serving(struct daemon *d)
{
	struct kc_http_server_opts ho = { .handler = kc_http_router_handler, .handler_arg = d->routes };
	char addr[300];
	SSL_CTX *tls;
	int r;

	if (d->o->secure_port == 0)
		return 0;
	tls = serving_tls(d->o);
	if (!tls)
		return KC_ERR_INVALID;
	d->http = kc_http_server_new(d->base, &ho);
	if (!d->http) {
		SSL_CTX_free(tls);
		return KC_ERR_NOMEM;
	}
	snprintf(addr, sizeof(addr), strchr(d->o->bind_address, ':') ? "[%s]:%d" : "%s:%d", d->o->bind_address,
		 d->o->secure_port);
	r = kc_http_server_listen(d->http, addr, tls);
	SSL_CTX_free(tls);
	if (r < 0) {
		kc_error("failed to listen on %s: %s", addr, kc_strerror(r));
		return r;
	}
	kc_info("Serving securely on %s", addr);
	return 0;
}

/* ---- leadership and lifecycle ------------------------------------------------------------- */

static void
started_leading(void *arg)
{
	struct daemon *d = arg;

	d->started = 1;
	scheduler_run(d->sched);
}

static void
stopped_leading(void *arg)
{
	struct daemon *d = arg;

	scheduler_pause(d->sched);
	if (d->stopping) {
		kc_info("Requested to terminate, exiting");
	} else {
		kc_error("Leaderelection lost");
		d->exit_code = 1;
	}
	event_base_loopbreak(d->base);
}

static void
new_leader(void *arg, const char *identity)
{
	kc_info("New leader elected: %s", identity);
}

static void
sync_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct timeval tv = { 0, 100000 };

	if (!scheduler_informers_synced(d->sched)) {
		evtimer_add(d->sync_timer, &tv);
		return;
	}
	kc_info("Informer caches are synced");
	kc_sd_notify("READY=1");
	if (d->le) {
		if (kc_leaderelection_run(d->le) < 0)
			kc_error("leader election failed to start");
		return;
	}
	started_leading(d);
}

static int
setup_leader_election(struct daemon *d, char *err, size_t errlen)
{
	struct kc_events_config ec = { .component = "kube-scheduler" };
	struct kc_leaderelection_config lc = {
		.lease_namespace = d->cfg->resource_namespace,
		.lease_name = d->cfg->resource_name,
		.lease_duration_ns = d->cfg->lease_duration_ns,
		.renew_deadline_ns = d->cfg->renew_deadline_ns,
		.retry_period_ns = d->cfg->retry_period_ns,
		.release_on_cancel = 1,
		.on_started_leading = started_leading,
		.on_stopped_leading = stopped_leading,
		.on_new_leader = new_leader,
		.arg = d,
	};
	const char *msg = NULL;

	if (!d->cfg->leader_elect)
		return 0;
	d->le_events = kc_events_new(d->base, d->client, &ec);
	lc.events = d->le_events;
	if (kc_leaderelection_validate(&lc, &msg) < 0)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "couldn't create leader elector: %s", msg ? msg : "invalid");
	d->le = kc_leaderelection_new(d->base, d->client, &lc);
	if (!d->le)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "couldn't create leader elector");
	return 0;
}

static void
on_term(void *arg, int sig)
{
	struct daemon *d = arg;

	kc_info("Received signal %d, shutting down", sig);
	if (d->stopping) {
		event_base_loopbreak(d->base);
		return;
	}
	d->stopping = 1;
	scheduler_pause(d->sched);
	if (d->le && kc_leaderelection_is_leader(d->le)) {
		kc_leaderelection_stop(d->le); /* releases, then stopped_leading() breaks the loop */
		return;
	}
	event_base_loopbreak(d->base);
}

static void
daemon_release(struct daemon *d)
{
	kc_leaderelection_free(d->le);
	kc_events_free(d->le_events);
	if (d->sync_timer)
		event_free(d->sync_timer);
	kc_http_server_free(d->http);
	scheduler_free(d->sched);
	kc_client_free(d->client);
	kc_healthz_free(d->healthz);
	kc_healthz_free(d->livez);
	kc_healthz_free(d->readyz);
	kc_metrics_registry_free(d->metrics);
	kc_signals_free(d->signals);
	kc_rest_config_release(&d->rc);
	sched_config_free(d->cfg);
	if (d->base)
		event_base_free(d->base);
}

static int
daemon_setup(struct daemon *d, char *err, size_t errlen)
{
	struct timeval now = { 0, 0 };
	int r;

	r = build_rest_config(d, err, errlen);
	if (r < 0)
		return r;
	d->base = event_base_new();
	d->metrics = kc_metrics_registry_new();
	if (!d->base || !d->metrics)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	d->client = kc_client_new(d->base, &d->rc);
	if (!d->client)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "unable to create the API client");
	d->sched = scheduler_new(d->base, d->client, d->cfg, NULL, d->metrics, err, errlen);
	if (!d->sched)
		return KC_ERR_INVALID;
	if ((r = setup_health(d)) < 0 || (r = setup_serving(d)) < 0)
		return kc_err_fail(r, err, errlen, "unable to serve on the secure port");
	if ((r = setup_leader_election(d, err, errlen)) < 0)
		return r;
	d->signals = kc_signals_install(d->base, on_term, d);
	d->sync_timer = evtimer_new(d->base, sync_timer_cb, d);
	if (!d->signals || !d->sync_timer)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	if (scheduler_start_informers(d->sched) < 0)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "unable to start informers");
	evtimer_add(d->sync_timer, &now);
	return 0;
}

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_scheduler_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	struct daemon d = { 0 };
	char err[1024] = "";
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	d.o = kube_scheduler_options();
	r = kc_log_command_failed(kube_scheduler_options_validate(d.o, &errs), &errs);
	if (r == 0) {
		r = sched_config_from_options(d.o, fs, &d.cfg, &errs);
		if (r < 0) {
			for (size_t i = 0; i < errs.n; i++)
				kc_error("\"command failed\" err=\"%s\"", errs.v[i]);
			r = 1;
		}
	}
	if (r == 0 && daemon_setup(&d, err, sizeof(err)) < 0) {
		kc_error("\"command failed\" err=\"%s\"", err);
		r = 1;
	}
	if (r == 0) {
		kc_info("Starting Kubernetes Scheduler version=v1.32.0 (ckube)");
		event_base_dispatch(d.base);
		r = d.exit_code;
	}
	daemon_release(&d);
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return r;
}
