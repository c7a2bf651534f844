/*
 * labels.h - label selectors: parse, match, canonical text, and conversion from
 * metav1.LabelSelector and NodeSelectorRequirement JSON (upstream:
 * staging/src/k8s.io/apimachinery/pkg/labels/selector.go, apis/meta/v1/helpers.go
 * LabelSelectorAsSelector, component-helpers/scheduling/corev1/nodeaffinity).
 *
 * A selector is a list of requirements ANDed together, kept sorted by key (stable, so the
 * canonical text is a fixed point: parse(String(s)) has String(s) as its text).  The
 * "everything" selector has no requirements and matches every label set; the "nothing"
 * selector (a nil metav1.LabelSelector) matches none.  Label sets are jansson objects of
 * strings; NULL or a non-object is the empty set, and a non-string value counts as absent.
 *
 * Error messages are upstream's, word for word ("unable to parse requirement: <nil>: Invalid
 * value: \"a b\": name part must consist of ...", "found ',', expected: identifier after ','"),
 * returned malloc()ed through ret_err (which may be NULL); the return code is then
 * KC_ERR_INVALID, or KC_ERR_NOMEM.  Nothing is returned through ret on failure.
 */
#ifndef KC_LABELS_H
#define KC_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/strv.h"

/* selection.Operator */
enum kc_selection_op {
	KC_SELECTION_EQUALS,         /* "=" */
	KC_SELECTION_DOUBLE_EQUALS,  /* "==" */
	KC_SELECTION_NOT_EQUALS,     /* "!=" */
	KC_SELECTION_IN,             /* "in" */
	KC_SELECTION_NOT_IN,         /* "notin" */
	KC_SELECTION_EXISTS,         /* "exists": a bare key */
	KC_SELECTION_DOES_NOT_EXIST, /* "!": "!key" */
	KC_SELECTION_GREATER_THAN,   /* "gt": "key>1" */
	KC_SELECTION_LESS_THAN,      /* "lt": "key<1" */
};

struct kc_label_requirement {
	char *key;
	enum kc_selection_op op;
	struct kc_strv values; /* sorted and unique when parsed from text */
	int64_t number;        /* the value of a Gt/Lt requirement */
};

/* Read-only for callers: build with the functions below. */
struct kc_label_selector {
	struct kc_label_requirement *reqs; /* sorted by key */
	size_t n;
	size_t alloc;
	int nothing; /* labels.Nothing(): matches no label set */
};

/* labels.Everything() / labels.Nothing() as new selectors; NULL when out of memory. */
struct kc_label_selector *kc_label_selector_everything(void);
struct kc_label_selector *kc_label_selector_nothing(void);
/* NULL-safe; returns NULL. */
struct kc_label_selector *kc_label_selector_free(struct kc_label_selector *sel);

/*
 * labels.Parse: "a=b,c!=d,e in (f,g),h notin (i),j,!k,l>1,m<2".  Whitespace (space, tab, CR,
 * LF) separates tokens; "" is everything.  Keys must be qualified names and values valid label
 * values.  The text ends at the first NUL.
 */
int kc_labels_parse(const char *s, struct kc_label_selector **ret, char **ret_err);

/*
 * LabelSelectorAsSelector: matchLabels and matchExpressions (In, NotIn, Exists,
 * DoesNotExist).  NULL or JSON null gives the nothing selector, {} the everything selector.
 * The caller that wants "nil selects everything" checks for NULL itself.
 */
int kc_labels_from_label_selector(const json_t *ls, struct kc_label_selector **ret, char **ret_err);

/*
 * SelectorFromSet: key=value for each member of a string map (unvalidated; members that are
 * not strings are skipped); {} or NULL selects everything.
 */
int kc_labels_from_set(const json_t *set, struct kc_label_selector **ret);

/*
 * A NodeSelectorTerm's matchExpressions as a selector (In, NotIn, Exists, DoesNotExist, Gt,
 * Lt; Gt/Lt need exactly one integer value).  An empty or absent list gives the nothing
 * selector, as upstream.
 */
int kc_labels_from_node_selector_requirements(const json_t *reqs, struct kc_label_selector **ret,
					      char **ret_err);

/*
 * Whether one NodeSelectorRequirement ({"key","operator","values"}) matches labels: 1 or 0;
 * KC_ERR_INVALID when the requirement itself is invalid (upstream then treats its term as
 * not matching), KC_ERR_NOMEM.  It validates and copies the requirement on every call: to
 * test many nodes, build the selector once with kc_labels_from_node_selector_requirements().
 */
int kc_labels_match_node_selector_requirement(const json_t *req, const json_t *labels);

/*
 * NewRequirement + Selector.Add: validates and inserts a requirement (values copied, n of
 * them).  0, KC_ERR_INVALID with *ret_err (upstream's aggregated field errors), KC_ERR_NOMEM.
 * Adding to the nothing selector is a no-op, as upstream.
 */
int kc_label_selector_add(struct kc_label_selector *sel, const char *key, enum kc_selection_op op,
			  const char *const *values, size_t n, char **ret_err);

/* Selector.Matches: 1 or 0. */
int kc_label_selector_matches(const struct kc_label_selector *sel, const json_t *labels);
/* Requirement.Matches: 1 or 0. */
int kc_label_requirement_matches(const struct kc_label_requirement *req, const json_t *labels);

/* Empty(): true for everything (no requirements), false for nothing. */
int kc_label_selector_is_empty(const struct kc_label_selector *sel);
int kc_label_selector_is_nothing(const struct kc_label_selector *sel);

/*
 * RequiresExactMatch: the value the first requirement on label pins it to (=, == or a
 * one-value in), borrowed from sel; NULL when none.
 */
const char *kc_label_selector_requires_exact_match(const struct kc_label_selector *sel,
						   const char *label);

/* String(): canonical text, malloc()ed; "" for everything and nothing; NULL when out of memory. */
char *kc_label_selector_string(const struct kc_label_selector *sel);

/* The operator's selection.Operator spelling ("=", "in", "gt", ...). */
const char *kc_selection_op_name(enum kc_selection_op op);

#endif
