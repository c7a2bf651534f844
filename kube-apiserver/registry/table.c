/*
 * table.c - meta.k8s.io Table, PartialObjectMetadata and PartialObjectMetadataList responses
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable and
 * asPartialObjectMetadata(List), pkg/printers/tablegenerator.go GenerateTable).
 *
 * Key order follows the Go structs (TypeMeta first, then ListMeta, columnDefinitions, rows;
 * cells, conditions, object), since jansson keeps insertion order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

#include "kube-apiserver/registry/printers.h"
#include "kube-apiserver/registry/table.h"

static const char *
meta_api_version(int v1beta1)
{
	return v1beta1 ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1";
}

/* ---- includeObject --------------------------------------------------------------------------- */

/* Go's %q for the value in a field error (valid UTF-8 passes through). */
static int
go_quote(struct kc_strbuf *sb, const char *s)
{
	int r = kc_strbuf_addch(sb, '"');

	for (; r >= 0 && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			r = kc_strbuf_addf(sb, "\\%c", c);
		else if (c == '\n')
			r = kc_strbuf_adds(sb, "\\n");
		else if (c == '\t')
			r = kc_strbuf_adds(sb, "\\t");
		else if (c == '\r')
			r = kc_strbuf_adds(sb, "\\r");
		else if (c < 0x20 || c == 0x7f)
			r = kc_strbuf_addf(sb, "\\x%02x", c);
		else
			r = kc_strbuf_addch(sb, (char)c);
	}
	return r < 0 ? r : kc_strbuf_addch(sb, '"');
}

int
table_include_parse(const char *s, enum table_include *ret, char **ret_err)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r;

	if (s == NULL || *s == '\0' || strcmp(s, "Metadata") == 0) {
		*ret = TABLE_INCLUDE_METADATA;
		return 0;
	}
	if (strcmp(s, "None") == 0) {
		*ret = TABLE_INCLUDE_NONE;
		return 0;
	}
	if (strcmp(s, "Object") == 0) {
		*ret = TABLE_INCLUDE_OBJECT;
		return 0;
	}
	if (ret_err == NULL)
		return KC_ERR_BAD_REQUEST;
	r = kc_strbuf_adds(&sb, "Unable to convert to Table as requested: includeObject: "
				"Invalid value: ");
	if (r >= 0)
		r = go_quote(&sb, s);
	if (r >= 0)
		r = kc_strbuf_adds(&sb, ": must be 'Metadata', 'Object', 'None', or empty");
	if (r < 0) {
		kc_strbuf_release(&sb);
		return KC_ERR_NOMEM;
	}
	*ret_err = kc_strbuf_detach(&sb, NULL);
	return *ret_err != NULL ? KC_ERR_BAD_REQUEST : KC_ERR_NOMEM;
}

/* ---- PartialObjectMetadata ------------------------------------------------------------------- */

/* {"kind": kind, "apiVersion": meta.k8s.io/...}: the TypeMeta every result starts with. */
static json_t *
type_meta_new(const char *kind, int v1beta1)
{
	return json_pack("{s:s, s:s}", "kind", kind, "apiVersion", meta_api_version(v1beta1));
}

/* obj[key] = v, taking v (NULL or a failure frees obj and gives NULL). */
static json_t *
obj_set_steal(json_t *obj, const char *key, json_t *v)
{
	if (obj == NULL || json_object_set_new(obj, key, v) < 0) {
		json_decref(obj);
		if (obj == NULL)
			json_decref(v);
		return NULL;
	}
	return obj;
}

json_t *
table_partial_object_metadata_new(const json_t *obj, int v1beta1)
{
	json_t *meta = (json_t *)kc_meta_metadata(obj);

	return obj_set_steal(type_meta_new("PartialObjectMetadata", v1beta1), "metadata",
			     meta != NULL ? json_incref(meta) : json_object());
}

/* ListMeta: each field only when set (omitempty). */
static json_t *
list_meta_new(const struct table_list_meta *lm)
{
	json_t *m = json_object();
	int r = 0;

	if (m == NULL || lm == NULL)
		return m;
	if (lm->resource_version != NULL && *lm->resource_version != '\0')
		r |= json_object_set_new(m, "resourceVersion", json_string(lm->resource_version));
	if (lm->continue_token != NULL && *lm->continue_token != '\0')
		r |= json_object_set_new(m, "continue", json_string(lm->continue_token));
	if (lm->has_remaining_item_count)
		r |= json_object_set_new(m, "remainingItemCount",
					 json_integer(lm->remaining_item_count));
	if (r != 0) {
		json_decref(m);
		return NULL;
	}
	return m;
}

json_t *
table_partial_object_metadata_list_new(json_t *const *objs, size_t n,
				       const struct table_list_meta *lm, int v1beta1)
{
	json_t *items = json_array();

	for (size_t i = 0; items != NULL && i < n; i++) {
		if (json_array_append_new(
			    items, table_partial_object_metadata_new(objs[i], v1beta1)) < 0) {
			json_decref(items);
			items = NULL;
		}
	}
	if (items == NULL)
		return NULL;
	return obj_set_steal(obj_set_steal(type_meta_new("PartialObjectMetadataList", v1beta1),
					   "metadata", list_meta_new(lm)),
			     "items", items);
}

/* ---- Table ------------------------------------------------------------------------------------ */

static json_t *
columns_new(const struct printer *p)
{
	json_auto_t *cols = json_array();

	if (cols == NULL)
		return NULL;
	for (size_t i = 0; i < p->n_columns; i++) {
		const struct printer_column *c = &p->columns[i];

		if (json_array_append_new(cols, json_pack("{s:s, s:s, s:s, s:s, s:i}", "name",
							  c->name, "type", c->type, "format",
							  c->format, "description", c->description,
							  "priority", c->priority)) < 0)
			return NULL;
	}
	return json_incref(cols);
}

static json_t *
row_object_new(const json_t *obj, const struct table_options *opts)
{
	switch (opts->include_object) {
	case TABLE_INCLUDE_NONE:
		return json_null();
	case TABLE_INCLUDE_OBJECT:
		return json_incref((json_t *)obj);
	case TABLE_INCLUDE_METADATA:
	default:
		return table_partial_object_metadata_new(obj, opts->v1beta1);
	}
}

/* Appends obj's row to rows. */
static int
rows_add(json_t *rows, const struct printer *p, const json_t *obj, const struct table_options *opts)
{
	json_t *cells = NULL, *conditions = NULL, *row;
	int r = printers_row(p, obj, opts->now_ns, &cells, &conditions);

	if (r < 0)
		return r;
	row = obj_set_steal(json_object(), "cells", cells);
	if (conditions != NULL)
		row = obj_set_steal(row, "conditions", conditions);
	row = obj_set_steal(row, "object", row_object_new(obj, opts));
	if (row == NULL || json_array_append_new(rows, row) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

/* The Table with meta (taken) as its ListMeta and one row per object. */
static int
table_build(const struct api_resource *res, json_t *const *objs, size_t n, json_t *meta,
	    const struct table_options *opts, json_t **ret_table)
{
	const struct printer *p = printers_for(res);
	json_t *table, *rows = json_array();
	int r;

	for (size_t i = 0; rows != NULL && i < n; i++) {
		r = rows_add(rows, p, objs[i], opts);
		if (r < 0) {
			json_decref(rows);
			json_decref(meta);
			return r;
		}
	}
	table = obj_set_steal(type_meta_new("Table", opts->v1beta1), "metadata", meta);
	table = obj_set_steal(table, "columnDefinitions",
			      opts->no_headers ? json_null() : columns_new(p));
	table = obj_set_steal(table, "rows", rows);
	if (table == NULL)
		return KC_ERR_NOMEM;
	*ret_table = table;
	return 0;
}

int
table_list_new(const struct api_resource *res, json_t *const *objs, size_t n,
	       const struct table_list_meta *lm, const struct table_options *opts,
	       json_t **ret_table)
{
	return table_build(res, objs, n, list_meta_new(lm), opts, ret_table);
}

int
table_object_new(const struct api_resource *res, const json_t *obj,
		 const struct table_options *opts, json_t **ret_table)
{
	struct table_list_meta lm = { .resource_version = kc_meta_resource_version(obj) };
	json_t *one = (json_t *)obj;

	if (!json_is_object(obj))
		return KC_ERR_INVALID;
	return table_build(res, &one, 1, list_meta_new(&lm), opts, ret_table);
}
