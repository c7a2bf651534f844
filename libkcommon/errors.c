/*
 * errors.c - the one table where ckube error codes meet HTTP statuses and metav1 reasons
 * (upstream: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go, metav1.StatusReason).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"

static const struct {
	int code;
	int http_status;
	const char *reason;
} kc_err_table[] = {
	{ KC_ERR_SYSTEM, 500, "InternalError" },
	{ KC_ERR_NOMEM, 500, "InternalError" },
	{ KC_ERR_INVALID, 422, "Invalid" },
	{ KC_ERR_BAD_REQUEST, 400, "BadRequest" },
	{ KC_ERR_NOT_FOUND, 404, "NotFound" },
	{ KC_ERR_ALREADY_EXISTS, 409, "AlreadyExists" },
	{ KC_ERR_CONFLICT, 409, "Conflict" },
	{ KC_ERR_GONE, 410, "Gone" },
	{ KC_ERR_EXPIRED, 410, "Expired" },
	{ KC_ERR_UNAUTHORIZED, 401, "Unauthorized" },
	{ KC_ERR_FORBIDDEN, 403, "Forbidden" },
	{ KC_ERR_METHOD_NOT_ALLOWED, 405, "MethodNotAllowed" },
	{ KC_ERR_NOT_ACCEPTABLE, 406, "NotAcceptable" },
	{ KC_ERR_TOO_LARGE, 413, "RequestEntityTooLarge" },
	{ KC_ERR_UNSUPPORTED_MEDIA, 415, "UnsupportedMediaType" },
	{ KC_ERR_TOO_MANY_REQUESTS, 429, "TooManyRequests" },
	{ KC_ERR_INTERNAL, 500, "InternalError" },
	{ KC_ERR_UNAVAILABLE, 503, "ServiceUnavailable" },
	{ KC_ERR_TIMEOUT, 504, "Timeout" },
	{ KC_ERR_SERVER_TIMEOUT, 500, "ServerTimeout" },
	{ KC_ERR_PARSE, 400, "BadRequest" },
	{ KC_ERR_IO, 503, "ServiceUnavailable" },
	{ KC_ERR_CANCELED, 500, "InternalError" },
	{ KC_ERR_UNSUPPORTED, 400, "BadRequest" },
	{ KC_ERR_RANGE, 400, "BadRequest" },
};

static const char *const kc_err_names[] = {
	[-KC_ERR_SYSTEM] = "system error",
	[-KC_ERR_NOMEM] = "out of memory",
	[-KC_ERR_INVALID] = "invalid",
	[-KC_ERR_BAD_REQUEST] = "bad request",
	[-KC_ERR_NOT_FOUND] = "not found",
	[-KC_ERR_ALREADY_EXISTS] = "already exists",
	[-KC_ERR_CONFLICT] = "conflict",
	[-KC_ERR_GONE] = "gone",
	[-KC_ERR_EXPIRED] = "expired",
	[-KC_ERR_UNAUTHORIZED] = "unauthorized",
	[-KC_ERR_FORBIDDEN] = "forbidden",
	[-KC_ERR_METHOD_NOT_ALLOWED] = "method not allowed",
	[-KC_ERR_NOT_ACCEPTABLE] = "not acceptable",
	[-KC_ERR_TOO_LARGE] = "too large",
	[-KC_ERR_UNSUPPORTED_MEDIA] = "unsupported media type",
	[-KC_ERR_TOO_MANY_REQUESTS] = "too many requests",
	[-KC_ERR_INTERNAL] = "internal error",
	[-KC_ERR_UNAVAILABLE] = "service unavailable",
	[-KC_ERR_TIMEOUT] = "timeout",
	[-KC_ERR_SERVER_TIMEOUT] = "server timeout",
	[-KC_ERR_PARSE] = "parse error",
	[-KC_ERR_IO] = "i/o error",
	[-KC_ERR_CANCELED] = "canceled",
	[-KC_ERR_UNSUPPORTED] = "unsupported",
	[-KC_ERR_RANGE] = "out of range",
};

const char *
kc_strerror(int r)
{
	if (r == KC_ERR_SYSTEM)
		return strerror(errno);
	if (r >= 0)
		return "ok";
	if (r > KC_ERR_LAST_ && kc_err_names[-r] != NULL)
		return kc_err_names[-r];
	return "unknown error";
}

const char *
kc_err_reason(int r)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(kc_err_table); i++)
		if (kc_err_table[i].code == r)
			return kc_err_table[i].reason;
	return "InternalError";
}

int
kc_err_http_status(int r)
{
	if (r >= 0)
		return 200;
	for (size_t i = 0; i < KC_ARRAY_SIZE(kc_err_table); i++)
		if (kc_err_table[i].code == r)
			return kc_err_table[i].http_status;
	return 500;
}

int
kc_err_from_reason(const char *reason)
{
	if (reason == NULL || *reason == '\0')
		return KC_ERR_INTERNAL;
	/* Entries that share a reason come first in the table, so the first hit is canonical. */
	for (size_t i = 0; i < KC_ARRAY_SIZE(kc_err_table); i++)
		if (strcmp(kc_err_table[i].reason, reason) == 0 &&
		    kc_err_table[i].code != KC_ERR_SYSTEM && kc_err_table[i].code != KC_ERR_NOMEM &&
		    kc_err_table[i].code != KC_ERR_PARSE)
			return kc_err_table[i].code;
	return KC_ERR_INTERNAL;
}

int
kc_err_from_http_status(int status)
{
	switch (status) {
	case 400:
		return KC_ERR_BAD_REQUEST;
	case 401:
		return KC_ERR_UNAUTHORIZED;
	case 403:
		return KC_ERR_FORBIDDEN;
	case 404:
		return KC_ERR_NOT_FOUND;
	case 405:
		return KC_ERR_METHOD_NOT_ALLOWED;
	case 406:
		return KC_ERR_NOT_ACCEPTABLE;
	case 409:
		return KC_ERR_CONFLICT;
	case 410:
		return KC_ERR_GONE;
	case 413:
		return KC_ERR_TOO_LARGE;
	case 415:
		return KC_ERR_UNSUPPORTED_MEDIA;
	case 422:
		return KC_ERR_INVALID;
	case 429:
		return KC_ERR_TOO_MANY_REQUESTS;
	case 503:
		return KC_ERR_UNAVAILABLE;
	case 504:
		return KC_ERR_TIMEOUT;
	default:
		return status >= 200 && status < 300 ? KC_OK : KC_ERR_INTERNAL;
	}
}

int
kc_err_invalid_steal(char **ret_err, char *msg)
{
	if (msg == NULL)
		return KC_ERR_NOMEM;
	if (ret_err != NULL)
		*ret_err = msg;
	else
		free(msg);
	return KC_ERR_INVALID;
}

int
kc_err_vfail(int r, char *err, size_t errlen, const char *fmt, va_list ap)
{
	if (err != NULL && errlen > 0)
		vsnprintf(err, errlen, fmt, ap);
	return r;
}

void
kc_err_printf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)kc_err_vfail(0, err, errlen, fmt, ap);
	va_end(ap);
}

int
kc_err_fail(int r, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r = kc_err_vfail(r, err, errlen, fmt, ap);
	va_end(ap);
	return r;
}
