/*
 * negotiation.h - which representation a client asked for in Accept, and what a request body's
 * Content-Type is (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/
 * negotiate.go, handlers/response.go targetEncodingForTransform, discovery/aggregated).
 *
 * Accept is a list of media ranges with parameters ("application/json;as=Table;v=v1;
 * g=meta.k8s.io"); clauses are tried in q-value order (then the more specific first, as
 * goautoneg sorts them) and the first one we can produce wins.  "*" and "application" with any subtype mean JSON.
 * Protobuf answers are never produced: such clauses are skipped, so the JSON that kubectl and
 * client-go list after them is chosen.
 */
#ifndef KUBE_APISERVER_NEGOTIATION_H
#define KUBE_APISERVER_NEGOTIATION_H

enum negotiated_target {
	TARGET_OBJECT,		  /* the resource itself */
	TARGET_TABLE,		  /* meta.k8s.io Table (v1 or v1beta1) */
	TARGET_PARTIAL,		  /* meta.k8s.io/v1 PartialObjectMetadata */
	TARGET_PARTIAL_LIST,	  /* meta.k8s.io/v1 PartialObjectMetadataList */
	TARGET_DISCOVERY_V2,	  /* apidiscovery.k8s.io/v2 APIGroupDiscoveryList */
	TARGET_DISCOVERY_V2BETA1, /* apidiscovery.k8s.io/v2beta1 APIGroupDiscoveryList */
};

/* Targets an endpoint can produce (bit 1 << target). */
#define TARGETS(x) (1u << (x))

enum negotiated_format {
	FORMAT_JSON,
	FORMAT_YAML,
};

struct negotiated {
	enum negotiated_target target;
	enum negotiated_format format;
	const char *version; /* for TARGET_TABLE: "v1" or "v1beta1" */
};

/*
 * Chooses from accept (NULL or "" = JSON object) among the allowed targets (TARGETS() bits;
 * TARGET_OBJECT is always allowed).  yaml_ok says whether YAML may be answered (not for
 * watches).  Returns 0, or KC_ERR_NOT_ACCEPTABLE.
 */
int negotiate_output(const char *accept, unsigned int allowed, int yaml_ok,
		     struct negotiated *ret);

/* The message of upstream's 406: "only the following media types are accepted: ...". */
extern const char negotiation_not_acceptable_message[];

enum body_type {
	BODY_JSON,
	BODY_YAML,
	BODY_PROTOBUF,
	BODY_MERGE_PATCH,
	BODY_JSON_PATCH,
	BODY_STRATEGIC_MERGE_PATCH,
	BODY_APPLY_PATCH, /* application/apply-patch+yaml (JSON or YAML text) */
	BODY_UNKNOWN,
};

/* The body type named by a Content-Type header (parameters such as charset ignored); NULL or
 * "" is JSON, as upstream assumes. */
enum body_type negotiate_body_type(const char *content_type);

/* The message of upstream's 415 for a body it cannot decode. */
extern const char negotiation_unsupported_media_message[];

#endif
