#ifndef CIBLAB_CKERNELS_H
#define CIBLAB_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// MinHash signature update (Broder 1997) for the near-duplicate detector: for every value x in xs[0 ..< n] and every
/// hash function i in 0 ..< count, minima[i] = min(minima[i], a[i] * x + b[i]) in 32-bit wrap-around arithmetic.
///
/// Plain C so that it is compiled once per instruction set (AVX-512, AVX2, baseline x86-64) and the best one is
/// picked when the program starts; Swift's SIMD types are compiled for the baseline only, which has no 32-bit vector
/// multiply or unsigned minimum. Integer arithmetic, so every variant gives the same bits.
void cib_minhash_update(uint32_t *minima, const uint32_t *a, const uint32_t *b, size_t count,
                        const uint32_t *xs, size_t n);

/// Asks the processor to start loading the cache line holding `address` (a hint: no effect on results, no fault on
/// any address). For loops that must read memory at random — an edge's target name, a window scan's start — issued
/// some iterations ahead, so that several cache misses are in flight at once instead of one after another. Swift has
/// no prefetch intrinsic; this header function is inlined into the Swift caller.
static inline void cib_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
