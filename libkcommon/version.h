/*
 * version.h - the Kubernetes version ckube implements (reported by --version and /version).
 */
#ifndef KC_VERSION_H
#define KC_VERSION_H

#define KC_VERSION_MAJOR "1"
#define KC_VERSION_MINOR "32"
#define KC_GIT_VERSION	 "v1.32.0"
#define KC_GIT_COMMIT	 "ckube"

#endif
