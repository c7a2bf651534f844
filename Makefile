# ckube: one Makefile for libkcommon, the five daemons and every test layer.
#
#   make              build everything into _output/release/bin
#   make deps         install the Debian packages the build, tests and `make cluster` need
#   make unit         Check unit tests            make asan   the same under ASan + UBSan
#   make integration  real etcd + kube-apiserver   make e2e    the whole node (root)
#   make bench        test/bench                    make fuzz   libFuzzer targets, bounded time
#   make test         deps + build + unit + asan + integration + e2e (what CI runs)
#   make cluster      build and start a single-node cluster on this machine
#   make install      binaries to $(PREFIX)/bin, units to /etc/systemd/system
#
# Every *.c under a daemon's directory belongs to that daemon; `main.c` is kept out of the
# daemon's archive so unit tests can link the rest.  V=1 shows the commands.

.DEFAULT_GOAL := all
DAEMONS := kube-apiserver kube-scheduler kube-controller-manager kubelet kube-proxy

SANITIZE ?=
FUZZ ?=
ifeq ($(FUZZ),1)
CC := clang
O := _output/fuzz
else ifeq ($(SANITIZE),1)
O := _output/asan
else
O := _output/release
endif
GEN := _output/gen
PREFIX ?= /usr/local
SYSTEMD_DIR ?= /etc/systemd/system

PKGS := jansson libevent libevent_openssl openssl yaml-0.1 libcurl libprotobuf-c libnghttp2
PROXY_PKGS := libnftnl libmnl
EXTRA_LIBS := -lhttp_parser -lwslay -lpthread -lm

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wwrite-strings -Wvla -Wpointer-arith -Wundef -Wno-unused-parameter
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -D_GNU_SOURCE -Ulinux -I. -I$(GEN) $(WARN) -MMD -MP \
	$(shell pkg-config --cflags $(PKGS) $(PROXY_PKGS) check 2>/dev/null)
LDLIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(EXTRA_LIBS)
PROXY_LDLIBS := $(shell pkg-config --libs $(PROXY_PKGS) 2>/dev/null)
CHECK_LDLIBS := $(shell pkg-config --libs check 2>/dev/null)

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(FUZZ),1)
CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wno-unknown-warning-option -Wno-missing-field-initializers
LDFLAGS += -fsanitize=fuzzer,address,undefined
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

# --- sources -------------------------------------------------------------------------------
PROTOS := $(shell find libkcommon $(DAEMONS) test -name '*.proto' 2>/dev/null | sort)
PROTO_C := $(PROTOS:%.proto=$(GEN)/%.pb-c.c)
PROTO_H := $(PROTOS:%.proto=$(GEN)/%.pb-c.h)

LIB_SRCS := $(sort $(wildcard libkcommon/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/obj/%.o)
LIBKCOMMON := $(O)/lib/libkcommon.a

# Generated protobuf code lives with the directory its .proto is in.
define proto_objs
$(patsubst $(GEN)/%.c,$(O)/obj/gen/%.o,$(filter $(GEN)/$(1)/%,$(PROTO_C)))
endef
LIB_OBJS += $(call proto_objs,libkcommon)

define daemon_rules
$(1)_SRCS := $$(sort $$(shell find $(1) -name '*.c' 2>/dev/null))
$(1)_OBJS := $$(filter-out $(O)/obj/$(1)/main.o,$$($(1)_SRCS:%.c=$(O)/obj/%.o)) $$(call proto_objs,$(1))
$(1)_LIB := $(O)/lib/lib$(1).a
$$($(1)_LIB): $$($(1)_OBJS)
	@mkdir -p $$(@D)
	@rm -f $$@
	$$(Q)$$(AR) rcs $$@ $$^
$(O)/bin/$(1): $(O)/obj/$(1)/main.o $$($(1)_LIB) $(LIBKCOMMON)
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(CC) $$(LDFLAGS) -o $$@ $(O)/obj/$(1)/main.o $$($(1)_LIB) $(LIBKCOMMON) \
		$$(if $$(filter kube-proxy,$(1)),$$(PROXY_LDLIBS)) $$(LDLIBS)
endef
$(foreach d,$(DAEMONS),$(eval $(call daemon_rules,$(d))))

BINS := $(DAEMONS:%=$(O)/bin/%)
DAEMON_LIBS := $(foreach d,$(DAEMONS),$($(d)_LIB))

TESTUTIL_SRCS := $(sort $(wildcard test/unit/testutil/*.c))
TESTUTIL_LIB := $(O)/lib/libtestutil.a
UNIT_SRCS := $(sort $(wildcard test/unit/check_*.c))
UNIT_BINS := $(UNIT_SRCS:test/unit/%.c=$(O)/test/%)

# Each test/bench/<component>/*.c is one load-generator program: $(O)/bench/<component>/<name>.
BENCH_SRCS := $(sort $(wildcard test/bench/*/*.c))
BENCH_BINS := $(BENCH_SRCS:test/bench/%.c=$(O)/bench/%)

FUZZ_SRCS := $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:test/fuzz/%.c=_output/fuzz/bin/%)

ALL_OBJS := $(LIB_OBJS) $(foreach d,$(DAEMONS),$($(d)_OBJS) $(O)/obj/$(d)/main.o) \
	$(TESTUTIL_SRCS:%.c=$(O)/obj/%.o) $(UNIT_SRCS:%.c=$(O)/obj/%.o) $(BENCH_SRCS:%.c=$(O)/obj/%.o)

# --- build ---------------------------------------------------------------------------------
.PHONY: all deps unit asan integration e2e bench fuzz test cluster cluster-down install clean \
	valgrind format-check hdrcheck unit-bins bench-bins

all: $(BINS)

# Keep objects made through pattern-rule chains (make would delete them as intermediates).
.SECONDARY:

$(GEN)/%.pb-c.c $(GEN)/%.pb-c.h: %.proto
	@mkdir -p $(@D)
	@$(if $(Q),echo "  PROTOC  $<")
	$(Q)protoc-c --c_out=$(GEN) -I. $<

$(O)/obj/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(O)/obj/%.o: %.c | $(PROTO_H)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(LIBKCOMMON): $(LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(TESTUTIL_LIB): $(TESTUTIL_SRCS:%.c=$(O)/obj/%.o)
	@mkdir -p $(@D)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(O)/test/check_%: $(O)/obj/test/unit/check_%.o $(TESTUTIL_LIB) $(DAEMON_LIBS) $(LIBKCOMMON)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -Wl,--start-group $(TESTUTIL_LIB) $(DAEMON_LIBS) $(LIBKCOMMON) \
		-Wl,--end-group $(PROXY_LDLIBS) $(LDLIBS) $(CHECK_LDLIBS)

-include $(ALL_OBJS:.o=.d)

# --- test layers ---------------------------------------------------------------------------
deps:
	@scripts/deps.sh

unit-bins: $(UNIT_BINS) $(BINS)

unit: unit-bins
	@test/unit/run.sh $(O)/test

asan:
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 unit

valgrind: unit-bins
	@test/unit/run.sh --valgrind $(O)/test

integration: all
	@test/integration/run.sh $(O)/bin

e2e: all bench-bins
	@test/e2e/run.sh $(O)/bin

bench: all bench-bins
	@BENCH_DIR=$(O)/bench test/bench/run.sh $(O)/bin

bench-bins: $(BENCH_BINS)

$(O)/bench/%: $(O)/obj/test/bench/%.o $(DAEMON_LIBS) $(LIBKCOMMON)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -Wl,--start-group $(DAEMON_LIBS) $(LIBKCOMMON) -Wl,--end-group \
		$(PROXY_LDLIBS) $(LDLIBS)

FUZZ_SECONDS ?= 60
fuzz:
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz-bins
	@test/fuzz/run.sh _output/fuzz/bin $(FUZZ_SECONDS)

fuzz-bins: $(FUZZ_BINS)

_output/fuzz/bin/fuzz_%: $(O)/obj/test/fuzz/fuzz_%.o $(DAEMON_LIBS) $(LIBKCOMMON)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -Wl,--start-group $(DAEMON_LIBS) $(LIBKCOMMON) -Wl,--end-group \
		$(PROXY_LDLIBS) $(LDLIBS)

test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory asan
	$(Q)$(MAKE) --no-print-directory integration
	$(Q)$(MAKE) --no-print-directory e2e

cluster: deps
	$(Q)$(MAKE) --no-print-directory all
	@systemd/cluster-up.sh $(O)/bin

cluster-down:
	@systemd/cluster-down.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SYSTEMD_DIR)
	install -m 0755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 systemd/*.service $(DESTDIR)$(SYSTEMD_DIR)/

format-check:
	@git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror

hdrcheck: | $(PROTO_H)
	@for h in $$(git ls-files 'libkcommon/*.h' $(DAEMONS:%='%/*.h')); do \
		echo "#include \"$$h\"" | $(CC) $(filter-out -MMD -MP,$(CFLAGS)) -fsyntax-only -x c - \
		|| exit 1; done

clean:
	rm -rf _output
