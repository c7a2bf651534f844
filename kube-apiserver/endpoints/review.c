/*
 * review.c - the reviews that are created and never stored: access reviews answered by the
 * authorizer and the identity review (upstream: pkg/registry/authorization/
 * selfsubjectaccessreview/rest.go, subjectaccessreview, localsubjectaccessreview,
 * selfsubjectrulesreview; pkg/registry/authentication/selfsubjectreview/rest.go).
 *
 * Until authentication and authorization come (a later issue), every request is anonymous and
 * AlwaysAllow allows everything: access reviews say allowed, rules reviews list the "*" rules
 * AlwaysAllow grants, and SelfSubjectReview names system:anonymous.  TokenReview needs the
 * token authenticators and is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/registry/registry.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"

static int
is(const struct api_request *r, const char *group, const char *resource)
{
	return strcmp(r->res->group, group) == 0 && strcmp(r->res->resource, resource) == 0;
}

/* The status an AlwaysAllow authorizer gives each kind of review. */
static json_t *
review_status(const struct api_request *r)
{
	if (is(r, "authorization.k8s.io", "selfsubjectrulesreviews"))
		return json_pack("{s:[{s:[s], s:[s], s:[s]}], s:[{s:[s], s:[s]}], s:b}",
				 "resourceRules", "verbs", "*", "apiGroups", "*", "resources", "*",
				 "nonResourceRules", "verbs", "*", "nonResourceURLs", "*",
				 "incomplete", 0);
	if (is(r, "authentication.k8s.io", "selfsubjectreviews"))
		return json_pack("{s:{s:s, s:[s]}}", "userInfo", "username", "system:anonymous",
				 "groups", "system:unauthenticated");
	return json_pack("{s:b}", "allowed", 1);
}

void
handle_review(struct api_request *r)
{
	json_t *body = NULL, *status;
	char gv[128];

	if (r->sub != NULL || is(r, "authentication.k8s.io", "tokenreviews") ||
	    (r->res->verbs & VERB_CREATE) == 0) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (api_parse_dry_run(r) < 0 || api_negotiate(r, 0, 1) < 0 ||
	    api_decode_body(r, api_group_version(r->res, gv, sizeof(gv)), r->res->kind, &body) < 0)
		return;
	if (!json_is_object(json_object_get(body, "metadata")))
		json_object_set_new(body, "metadata", json_object());
	status = review_status(r);
	if (status == NULL || json_object_set_new(body, "status", status) < 0) {
		json_decref(body);
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	api_reply_object(r, 201, body, NULL, 0);
	json_decref(body);
}
