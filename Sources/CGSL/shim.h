#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H
// The C face of GSL for ciblab. Only CIBStatistics imports this module (as `internal import CGSL`); no C name
// reaches a public Swift API. Everything defined here is a prefixed `static inline` helper (see docs/gsl.md).
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_multimin.h>

/// Accessors for GSL's exported globals (Swift 6 rejects direct references to mutable C globals).
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const char *cgsl_version(void) { return gsl_version; }
static inline const gsl_multimin_fdfminimizer_type *cgsl_multimin_vector_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}

/// Same as GSL's `gsl_rng_get`, written out so that the call is inlined whether or not
/// GSL's own inline versions (HAVE_INLINE) are visible to the Swift importer.
static inline unsigned long cgsl_rng_get(const gsl_rng *r) { return (r->type->get)(r->state); }

/// The layout of GSL's private taus2 state (`taus_state_t` in rng/taus.c, unchanged since GSL 1.0): three
/// 32-bit components held in `unsigned long`s.
typedef struct {
    unsigned long s1, s2, s3;
} cgsl_taus2_state_layout;

/// Overwrites the state of a taus2 generator with `(s1, s2, s3)`, which the caller has made valid (s1 > 1, s2 > 7,
/// s3 > 15: the bits each component's recurrence discards must not leave it zero). Returns GSL_EINVAL if `r` is not
/// a taus2 generator and GSL_EBADLEN if the state size does not match the layout above (a GSL build with another
/// layout): the caller must then not use the generator as if it had been seeded.
static inline int cgsl_taus2_set_state(gsl_rng *r, uint32_t s1, uint32_t s2, uint32_t s3) {
    if (r->type != gsl_rng_taus2) { return GSL_EINVAL; }
    if (gsl_rng_size(r) != sizeof(cgsl_taus2_state_layout)) { return GSL_EBADLEN; }
    cgsl_taus2_state_layout *s = (cgsl_taus2_state_layout *)gsl_rng_state(r);
    s->s1 = s1;
    s->s2 = s2;
    s->s3 = s3;
    return GSL_SUCCESS;
}
#endif
