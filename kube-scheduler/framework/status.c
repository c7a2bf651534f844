/*
 * status.c - the framework's Status (upstream: pkg/scheduler/framework/interface.go Status,
 * Code and its String()).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/strbuf.h"

enum sched_code
sched_status_set(struct sched_status *st, enum sched_code code, const char *fmt, ...)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char **grown;
	va_list ap;

	if (st == NULL)
		return code;
	st->code = code;
	if (fmt == NULL)
		return code;
	va_start(ap, fmt);
	kc_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	grown = realloc(st->reasons, (st->n_reasons + 2) * sizeof(*grown));
	if (grown == NULL) {
		kc_strbuf_release(&sb);
		return code;
	}
	st->reasons = grown;
	st->reasons[st->n_reasons] = kc_strbuf_detach(&sb, NULL);
	if (st->reasons[st->n_reasons] != NULL)
		st->n_reasons++;
	st->reasons[st->n_reasons] = NULL;
	return code;
}

void
sched_status_reset(struct sched_status *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n_reasons; i++)
		free(st->reasons[i]);
	free(st->reasons);
	st->reasons = NULL;
	st->n_reasons = 0;
	st->code = SCHED_SUCCESS;
	st->plugin = NULL;
}

const char *
sched_code_name(enum sched_code code)
{
	static const char *const names[] = {
		[SCHED_SUCCESS] = "Success",
		[SCHED_ERROR] = "Error",
		[SCHED_UNSCHEDULABLE] = "Unschedulable",
		[SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE] = "UnschedulableAndUnresolvable",
		[SCHED_WAIT] = "Wait",
		[SCHED_SKIP] = "Skip",
		[SCHED_PENDING] = "Pending",
	};

	if ((unsigned)code < sizeof(names) / sizeof(names[0]) && names[code] != NULL)
		return names[code];
	return "Unknown";
}
