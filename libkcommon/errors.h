/*
 * errors.h - one error vocabulary for all of ckube (upstream: apimachinery/pkg/api/errors).
 *
 * Functions returning int return >= 0 on success and a negative KC_ERR_* on failure; callers
 * test r < 0.  The Kubernetes meaning of each code (HTTP status, metav1.StatusReason) lives in
 * one table in errors.c, so no layer invents status codes.  KC_ERR_SYSTEM means "look at errno".
 */
#ifndef KC_ERRORS_H
#define KC_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

enum kc_err {
	KC_OK = 0,
	KC_ERR_SYSTEM = -1,         /* errno holds the cause */
	KC_ERR_NOMEM = -2,          /* allocation failed */
	KC_ERR_INVALID = -3,        /* 422 Invalid: the object fails validation */
	KC_ERR_BAD_REQUEST = -4,    /* 400 BadRequest: malformed input */
	KC_ERR_NOT_FOUND = -5,      /* 404 NotFound */
	KC_ERR_ALREADY_EXISTS = -6, /* 409 AlreadyExists */
	KC_ERR_CONFLICT = -7,       /* 409 Conflict: stale resourceVersion, failed precondition */
	KC_ERR_GONE = -8,           /* 410 Gone */
	KC_ERR_EXPIRED = -9,        /* 410 Expired: resourceVersion too old for a watch/list */
	KC_ERR_UNAUTHORIZED = -10,  /* 401 Unauthorized */
	KC_ERR_FORBIDDEN = -11,     /* 403 Forbidden */
	KC_ERR_METHOD_NOT_ALLOWED = -12, /* 405 MethodNotAllowed */
	KC_ERR_NOT_ACCEPTABLE = -13,     /* 406 NotAcceptable */
	KC_ERR_TOO_LARGE = -14,          /* 413 RequestEntityTooLarge */
	KC_ERR_UNSUPPORTED_MEDIA = -15,  /* 415 UnsupportedMediaType */
	KC_ERR_TOO_MANY_REQUESTS = -16,  /* 429 TooManyRequests */
	KC_ERR_INTERNAL = -17,           /* 500 InternalError */
	KC_ERR_UNAVAILABLE = -18,        /* 503 ServiceUnavailable: a backend (etcd, CRI) is away */
	KC_ERR_TIMEOUT = -19,            /* 504 Timeout */
	KC_ERR_SERVER_TIMEOUT = -20,     /* 500 ServerTimeout */
	KC_ERR_PARSE = -21,              /* malformed input outside a request (file, stream) */
	KC_ERR_IO = -22,                 /* a connection or file broke */
	KC_ERR_CANCELED = -23,           /* the caller stopped the operation */
	KC_ERR_UNSUPPORTED = -24,        /* a feature we do not implement */
	KC_ERR_RANGE = -25,              /* a number out of its range */
	KC_ERR_LAST_ = -26,
};

/* Short name of an error code ("NotFound", "system error: ..." uses errno). Never NULL. */
const char *kc_strerror(int r);

/* metav1.StatusReason for r ("NotFound", "Conflict", ...); "InternalError" when none fits. */
const char *kc_err_reason(int r);

/* HTTP status for r (404, 409, ...); 500 when none fits. */
int kc_err_http_status(int r);

/* The code whose metav1 reason is `reason`, or KC_ERR_INTERNAL when unknown. */
int kc_err_from_reason(const char *reason);

/* The code for an HTTP status an apiserver returned (used when a Status body has no reason). */
int kc_err_from_http_status(int status);

/*
 * For parsers with a `char **ret_err` out-parameter: reports bad input described by msg
 * (malloc()ed, taken): *ret_err = msg, or msg is freed when ret_err is NULL.  Returns
 * KC_ERR_INVALID, or KC_ERR_NOMEM when msg is NULL (building it ran out of memory).
 */
int kc_err_invalid_steal(char **ret_err, char *msg);

/*
 * For functions with a `char *err, size_t errlen` out-parameter: kc_err_printf() writes the
 * one-line message into err, truncated to errlen (nothing when err is NULL or errlen is 0);
 * kc_err_fail() does the same and returns r, so that failing is one statement:
 *	return kc_err_fail(KC_ERR_INVALID, err, errlen, "unknown tls version \"%s\"", name);
 * kc_err_vfail() is kc_err_fail() for a wrapper's own varargs.
 */
void kc_err_printf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kc_err_fail(int r, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int kc_err_vfail(int r, char *err, size_t errlen, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

#endif
