/*
 * proxy.h - what kube-proxy reads out of Services and EndpointSlices, and the change tracking
 * that decides which services a sync must rewrite (upstream: pkg/proxy/serviceport.go,
 * servicechangetracker.go, endpoint.go, endpointschangetracker.go, endpointslicecache.go,
 * topology.go CategorizeEndpoints()).
 *
 * One IP family per proxier (ckube programs IPv4; the family is a parameter everywhere so an
 * ip6 proxier is the same code).  A service port is identified by its ServicePortName
 * "<namespace>/<name>:<port name>" plus protocol; its endpoints come from every EndpointSlice
 * labelled kubernetes.io/service-name=<name> in the namespace with the family's addressType,
 * merged as upstream's endpointSliceCache does (an endpoint present in several slices counts
 * once, a ready copy wins).
 */
#ifndef KUBE_PROXY_PROXY_H
#define KUBE_PROXY_PROXY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/strv.h"

struct kc_strmap;

#define KP_SERVICE_NAME_LABEL "kubernetes.io/service-name"
/* Upstream's default sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
#define KP_DEFAULT_STICKY_SECONDS 10800

/* One port of one Service, for one IP family (upstream BaseServicePortInfo). */
struct kp_service_port {
	char *namespace;
	char *name;
	char *port_name;  /* "" when the port has no name */
	char protocol[8]; /* "tcp", "udp" or "sctp" (lower case, as in chain names) */
	char *cluster_ip;
	int port;
	int node_port; /* 0 = none */
	struct kc_strv external_ips;
	struct kc_strv lb_ips; /* status.loadBalancer.ingress[].ip (not ipMode Proxy) */
	struct kc_strv lb_source_ranges;
	int sticky_seconds; /* > 0 with sessionAffinity ClientIP */
	int external_policy_local;
	int internal_policy_local;
	int health_check_node_port;
};

/* One endpoint of one service port (upstream BaseEndpointInfo). */
struct kp_endpoint {
	char ip[48];
	int port;
	char *node_name;
	int ready;
	int serving;
	int terminating;
	int is_local;
};

/* "ip:port" (IPv6 as "[ip]:port") into buf (>= 64 bytes). */
const char *kp_endpoint_string(const struct kp_endpoint *ep, char *buf, size_t size);

/* "<ns>/<name>:<port name>" (upstream ServicePortName.String()); malloc()ed, NULL on ENOMEM. */
char *kp_service_port_name(const struct kp_service_port *sp);

void kp_service_port_free(struct kp_service_port *sp);

/* upstream ServicePort.ExternallyAccessible(), UsesClusterEndpoints(), UsesLocalEndpoints(). */
int kp_service_port_externally_accessible(const struct kp_service_port *sp);
int kp_service_port_uses_cluster_endpoints(const struct kp_service_port *sp);
int kp_service_port_uses_local_endpoints(const struct kp_service_port *sp);

/* A service's ports for one family. */
struct kp_service {
	struct kp_service_port **ports;
	size_t n;
};

/*
 * Reads a v1 Service (borrowed) into ret for `family` (4 or 6).  Services kube-proxy ignores
 * (ExternalName, headless, no cluster IP of that family: upstream ShouldSkipService) give an
 * empty port list.  KC_ERR_NOMEM.
 */
int kp_service_parse(const json_t *svc, int family, struct kp_service *ret);
void kp_service_release(struct kp_service *s);
/* Whether two parsed services would program the same rules. */
int kp_service_equal(const struct kp_service *a, const struct kp_service *b);

/* The endpoints of one service port, sorted by "ip:port". */
struct kp_endpoints {
	struct kp_endpoint *v;
	size_t n;
	size_t cap;
};

void kp_endpoints_release(struct kp_endpoints *e);

/*
 * Collects the endpoints of service port sp from `slices` (a JSON array of the service's
 * EndpointSlices, borrowed) for `family`, marking those on node `hostname` local.  KC_ERR_NOMEM.
 */
int kp_endpoints_collect(const json_t *slices, const struct kp_service_port *sp, int family,
			 const char *hostname, struct kp_endpoints *ret);

/*
 * upstream CategorizeEndpoints() (no topology hints): fills the three index lists (indexes into
 * eps->v, each array sized eps->n by the caller) and returns whether the service has any usable
 * endpoint anywhere.  *ret_n_* receive the list lengths.
 */
int kp_categorize_endpoints(const struct kp_endpoints *eps, const struct kp_service_port *sp,
			    size_t *cluster, size_t *ret_n_cluster, size_t *local,
			    size_t *ret_n_local, size_t *reachable, size_t *ret_n_reachable);

/*
 * The change tracker (upstream ServiceChangeTracker + EndpointsChangeTracker reduced to what an
 * incremental sync needs): the set of service keys ("ns/name") whose rules may have changed
 * since the last sync.  Update functions return 1 when the change matters (the key is then
 * pending), 0 when it does not, or KC_ERR_NOMEM.
 */
struct kp_tracker {
	struct kc_strmap *pending; /* key -> NULL */
	int family;
	uint64_t service_changes; /* counters for metrics */
	uint64_t endpoint_changes;
};

int kp_tracker_init(struct kp_tracker *t, int family);
void kp_tracker_release(struct kp_tracker *t);
/* old or cur may be NULL (add, delete). */
int kp_tracker_service_update(struct kp_tracker *t, const json_t *old, const json_t *cur);
int kp_tracker_slice_update(struct kp_tracker *t, const json_t *old, const json_t *cur);
/* Marks key pending unconditionally. */
int kp_tracker_mark(struct kp_tracker *t, const char *key);
size_t kp_tracker_pending(const struct kp_tracker *t);

/* "ns/<service-name label>" of an EndpointSlice (malloc()ed), or NULL without the label. */
char *kp_slice_service_key(const json_t *slice);

/*
 * Informer transforms (kc_informer_transform_fn): the part of a Service or EndpointSlice the
 * proxy reads, so 10,000 services stay small in memory.  Slices' endpoints become strings
 * "<ip> <R|-><S|-><T|> [node]" (ready, serving, terminating resolved as upstream defaults them),
 * which kp_endpoints_collect() reads like the full form.  NULL on out of memory.
 */
json_t *kp_slim_service(void *arg, const json_t *obj);
json_t *kp_slim_slice(void *arg, const json_t *obj);

/*
 * The packed form the transforms produce: {"metadata": {name, namespace, resourceVersion},
 * "svc": <service-name label, slices only>, "kp": "<the slim body as compact JSON>"}.
 * kp_pack() takes slim (borrowed; its "metadata" is moved out) and returns the packed object;
 * kp_unpack() returns a new reference to the object with its body (the object itself when it
 * is not packed), NULL on out of memory or a broken body.  Every reader here unpacks first.
 */
json_t *kp_pack(json_t *slim, const char *svc_label);
json_t *kp_unpack(const json_t *obj);

#endif
