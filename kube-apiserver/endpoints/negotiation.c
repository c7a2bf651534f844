/*
 * negotiation.c - Accept and Content-Type handling (upstream: apiserver/pkg/endpoints/handlers/
 * negotiation/negotiate.go and goautoneg's ParseAccept ordering).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libkcommon/errors.h"
#include "kube-apiserver/endpoints/negotiation.h"

const char negotiation_not_acceptable_message[] =
	"only the following media types are accepted: application/json, application/yaml";
const char negotiation_unsupported_media_message[] =
	"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf";

#define MAX_CLAUSES 32
#define MAX_PARAMS  8

struct clause {
	char type[64];
	char subtype[96];
	double q;
	int index; /* position in the header, for a stable order */
	struct {
		char name[16];
		char value[64];
	} params[MAX_PARAMS];
	int nparams;
};

static void
copy_trimmed(char *dst, size_t size, const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
	}
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* One "type/subtype;k=v;..." clause; 0 when well formed. */
static int
parse_clause(const char *s, size_t len, struct clause *c)
{
	const char *semi = memchr(s, ';', len);
	size_t mlen = semi ? (size_t)(semi - s) : len;
	const char *slash = memchr(s, '/', mlen);
	char *end;

	memset(c, 0, sizeof(*c));
	c->q = 1.0;
	if (slash == NULL)
		return -1;
	copy_trimmed(c->type, sizeof(c->type), s, (size_t)(slash - s));
	copy_trimmed(c->subtype, sizeof(c->subtype), slash + 1, mlen - (size_t)(slash - s) - 1);
	if (c->type[0] == '\0' || c->subtype[0] == '\0')
		return -1;
	while (semi != NULL) {
		const char *p = semi + 1;
		size_t rest = len - (size_t)(p - s);
		const char *next = memchr(p, ';', rest);
		size_t plen = next ? (size_t)(next - p) : rest;
		const char *eq = memchr(p, '=', plen);

		if (eq != NULL && c->nparams < MAX_PARAMS) {
			copy_trimmed(c->params[c->nparams].name, sizeof(c->params[0].name), p,
				     (size_t)(eq - p));
			copy_trimmed(c->params[c->nparams].value, sizeof(c->params[0].value), eq + 1,
				     plen - (size_t)(eq - p) - 1);
			if (strcmp(c->params[c->nparams].name, "q") == 0) {
				c->q = strtod(c->params[c->nparams].value, &end);
				if (*end != '\0' || c->q < 0 || c->q > 1)
					c->q = 0;
			} else {
				c->nparams++;
			}
		}
		semi = next;
	}
	return 0;
}

static const char *
param(const struct clause *c, const char *name)
{
	for (int i = 0; i < c->nparams; i++)
		if (strcasecmp(c->params[i].name, name) == 0)
			return c->params[i].value;
	return NULL;
}

/* goautoneg: higher q first, then a concrete subtype before "*", a concrete type before "*";
 * header order breaks ties. */
static int
clause_cmp(const void *a, const void *b)
{
	const struct clause *x = a, *y = b;
	int xs = strcmp(x->subtype, "*") != 0, ys = strcmp(y->subtype, "*") != 0;
	int xt = strcmp(x->type, "*") != 0, yt = strcmp(y->type, "*") != 0;

	if (x->q != y->q)
		return x->q > y->q ? -1 : 1;
	if (xs != ys)
		return ys - xs;
	if (xt != yt)
		return yt - xt;
	return x->index - y->index;
}

static int
parse_accept(const char *accept, struct clause *clauses)
{
	int n = 0;
	const char *p = accept;

	while (*p != '\0' && n < MAX_CLAUSES) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (parse_clause(p, len, &clauses[n]) == 0) {
			clauses[n].index = n;
			if (clauses[n].q > 0)
				n++;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	qsort(clauses, (size_t)n, sizeof(clauses[0]), clause_cmp);
	return n;
}

/* The target an application/json clause with as/g/v parameters asks for, or -1. */
static int
json_clause_target(const struct clause *c, unsigned int allowed, const char **ret_version)
{
	const char *as = param(c, "as"), *g = param(c, "g"), *v = param(c, "v");

	*ret_version = NULL;
	if (as == NULL)
		return TARGET_OBJECT;
	if (g != NULL && strcmp(g, "meta.k8s.io") == 0) {
		if (strcmp(as, "Table") == 0 && v != NULL &&
		    (strcmp(v, "v1") == 0 || strcmp(v, "v1beta1") == 0) &&
		    (allowed & TARGETS(TARGET_TABLE))) {
			*ret_version = strcmp(v, "v1") == 0 ? "v1" : "v1beta1";
			return TARGET_TABLE;
		}
		if (v != NULL && strcmp(v, "v1") == 0 && strcmp(as, "PartialObjectMetadata") == 0 &&
		    (allowed & TARGETS(TARGET_PARTIAL)))
			return TARGET_PARTIAL;
		if (v != NULL && strcmp(v, "v1") == 0 &&
		    strcmp(as, "PartialObjectMetadataList") == 0 &&
		    (allowed & TARGETS(TARGET_PARTIAL_LIST)))
			return TARGET_PARTIAL_LIST;
		return -1;
	}
	if (g != NULL && strcmp(g, "apidiscovery.k8s.io") == 0 &&
	    strcmp(as, "APIGroupDiscoveryList") == 0 && v != NULL) {
		if (strcmp(v, "v2") == 0 && (allowed & TARGETS(TARGET_DISCOVERY_V2)))
			return TARGET_DISCOVERY_V2;
		if (strcmp(v, "v2beta1") == 0 && (allowed & TARGETS(TARGET_DISCOVERY_V2BETA1)))
			return TARGET_DISCOVERY_V2BETA1;
	}
	return -1;
}

int
negotiate_output(const char *accept, unsigned int allowed, int yaml_ok, struct negotiated *ret)
{
	struct clause clauses[MAX_CLAUSES];
	int n;

	ret->target = TARGET_OBJECT;
	ret->format = FORMAT_JSON;
	ret->version = NULL;
	if (accept == NULL || *accept == '\0')
		return 0;
	n = parse_accept(accept, clauses);
	for (int i = 0; i < n; i++) {
		const struct clause *c = &clauses[i];
		int t;

		if (strcmp(c->type, "*") == 0 ||
		    (strcasecmp(c->type, "application") == 0 && strcmp(c->subtype, "*") == 0))
			return 0;
		if (strcasecmp(c->type, "application") != 0)
			continue;
		if (strcasecmp(c->subtype, "yaml") == 0 && yaml_ok && param(c, "as") == NULL) {
			ret->format = FORMAT_YAML;
			return 0;
		}
		if (strcasecmp(c->subtype, "json") != 0)
			continue; /* protobuf, cbor, ...: we answer JSON only */
		t = json_clause_target(c, allowed, &ret->version);
		if (t >= 0) {
			ret->target = (enum negotiated_target)t;
			return 0;
		}
	}
	return KC_ERR_NOT_ACCEPTABLE;
}

enum body_type
negotiate_body_type(const char *content_type)
{
	static const struct {
		const char *type;
		enum body_type body;
	} types[] = {
		{ "application/json", BODY_JSON },
		{ "application/yaml", BODY_YAML },
		{ "application/vnd.kubernetes.protobuf", BODY_PROTOBUF },
		{ "application/merge-patch+json", BODY_MERGE_PATCH },
		{ "application/json-patch+json", BODY_JSON_PATCH },
		{ "application/strategic-merge-patch+json", BODY_STRATEGIC_MERGE_PATCH },
		{ "application/apply-patch+yaml", BODY_APPLY_PATCH },
	};
	char media[96];
	const char *semi;

	if (content_type == NULL || *content_type == '\0')
		return BODY_JSON;
	semi = strchr(content_type, ';');
	copy_trimmed(media, sizeof(media), content_type,
		     semi ? (size_t)(semi - content_type) : strlen(content_type));
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(media, types[i].type) == 0)
			return types[i].body;
	return BODY_UNKNOWN;
}
