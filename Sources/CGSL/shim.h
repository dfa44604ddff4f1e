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

/// Same as GSL's `gsl_rng_get` / `gsl_rng_uniform`, written out so that the call is inlined whether or not
/// GSL's own inline versions (HAVE_INLINE) are visible to the Swift importer.
static inline unsigned long cgsl_rng_get(const gsl_rng *r) { return (r->type->get)(r->state); }
static inline double cgsl_rng_uniform(const gsl_rng *r) { return (r->type->get_double)(r->state); }

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
/// GSL's taus2 step (`taus_get` in rng/taus.c, L'Ecuyer 1996) on the state of a generator the caller knows to be
/// taus2 (`RandomStream` creates nothing else): the same outputs as `gsl_rng_get`, without the indirect call
/// through the generator type. The draws below are GSL's own functions restated on it, output for output (tests
/// compare each with the GSL function over millions of draws); GSL's other distributions keep reading the same
/// state, so mixing the two is one stream.
static inline unsigned long cgsl_taus2_get(const gsl_rng *r) {
    cgsl_taus2_state_layout *s = (cgsl_taus2_state_layout *)r->state;
    const unsigned long mask = 0xffffffffUL;
    s->s1 = (((s->s1 & 4294967294UL) << 12) & mask) ^ ((((s->s1 << 13) & mask) ^ s->s1) >> 19);
    s->s2 = (((s->s2 & 4294967288UL) << 4) & mask) ^ ((((s->s2 << 2) & mask) ^ s->s2) >> 25);
    s->s3 = (((s->s3 & 4294967280UL) << 17) & mask) ^ ((((s->s3 << 3) & mask) ^ s->s3) >> 11);
    return s->s1 ^ s->s2 ^ s->s3;
}

/// `gsl_rng_uniform` for taus2: a 32-bit output divided by 2^32.
static inline double cgsl_taus2_uniform(const gsl_rng *r) { return cgsl_taus2_get(r) / 4294967296.0; }

/// `gsl_rng_uniform_int` for taus2 (range 0 ... 2^32 - 1), for `0 < n <= 2^32 - 1`: rejection with GSL's scale.
static inline unsigned long cgsl_taus2_uniform_int(const gsl_rng *r, unsigned long n) {
    // In 32 bits (every value fits; a 32-bit division is several times cheaper than a 64-bit one).
    const uint32_t scale = 0xffffffffU / (uint32_t)n;
    uint32_t k;
    do { k = (uint32_t)cgsl_taus2_get(r) / scale; } while (k >= n);
    return k;
}

/// `gsl_ran_bernoulli` for taus2: 1 when a uniform variate is below `p`.
static inline int cgsl_taus2_bernoulli(const gsl_rng *r, double p) { return cgsl_taus2_uniform(r) < p; }

/// `gsl_ran_discrete` (Walker's alias method as GSL lays out its table, randist/discrete.c, built with its Knuth
/// convention: `F[k]` holds `(k + F'[k]) / K`, so the uniform variate is compared with it unscaled) for taus2.
static inline size_t cgsl_taus2_discrete(const gsl_rng *r, const gsl_ran_discrete_t *g) {
    const double u = cgsl_taus2_uniform(r);
    const size_t c = (size_t)(u * (double)g->K);
    const double f = g->F[c];
    if (f == 1.0 || u < f) { return c; }
    return g->A[c];
}
#endif
