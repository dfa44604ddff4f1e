#!/usr/bin/env python3
"""Recompute the values RandomStreamTests.knownSeedGivesKnownValues pins, independently of GSL and of ciblab's code.

A transcription of SeedDerivation (SplitMix64's Mix13 and MurmurHash3's fmix64 over the seed and stream sequences,
into taus2's three 32-bit components, clamped as GSL's taus2_set does) and of the taus2 recurrence in GSL's
rng/taus.c (L'Ecuyer 1996), with the six outputs GSL discards after seeding. RandomStream.next() is two 32-bit outputs,
the first in the high half.

Usage: scripts/crosscheck-randomstream.py
Exit status: 0 when the recomputed values equal the ones the test pins, 1 otherwise.
"""
import sys

M64, M32 = (1 << 64) - 1, 0xFFFFFFFF


def mix13(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def fmix64(z):
    z = ((z ^ (z >> 33)) * 0xFF51AFD7ED558CCD) & M64
    z = ((z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53) & M64
    return z ^ (z >> 33)


def taus2_state(seed, stream):
    a, b, words = seed, stream, []
    for _ in range(2):
        a = (a + 0x9E3779B97F4A7C15) & M64
        b = (b + 0xBB67AE8584CAA73B) & M64
        words.append(mix13(mix13(a) ^ fmix64(b)))
    s1, s2, s3 = words[0] & M32, words[0] >> 32, words[1] & M32
    return [s1 + 2 if s1 < 2 else s1, s2 + 8 if s2 < 8 else s2, s3 + 16 if s3 < 16 else s3]


def child_seed(seed, stream):
    left = mix13(seed ^ 0x243F6A8885A308D3)
    right = fmix64((stream + 0x13198A2E03707344) & M64)
    return mix13((left + (((right << 29) | (right >> 35)) & M64)) & M64)


class Taus2:
    def __init__(self, seed, stream):
        self.s = taus2_state(seed, stream)
        for _ in range(6):
            self.get()

    def get(self):
        def step(s, a, b, c, d):
            return (((s & c) << d) & M32) ^ ((((s << a) & M32) ^ s) >> b)
        s1, s2, s3 = self.s
        self.s = [step(s1, 13, 19, 4294967294, 12), step(s2, 2, 25, 4294967288, 4), step(s3, 3, 11, 4294967280, 17)]
        return self.s[0] ^ self.s[1] ^ self.s[2]

    def next64(self):
        high = self.get()
        return high << 32 | self.get()


stream = Taus2(42, 0)
ours = {
    "draws": [stream.next64() for _ in range(3)],
    "child seed": child_seed(42, 0),
    "child first draw": Taus2(child_seed(42, 0), 7).next64(),
}
pinned = {
    "draws": [4_937_121_755_753_358_040, 12_221_374_456_902_267_500, 4_208_623_088_478_332_522],
    "child seed": 5_690_797_536_699_094_391,
    "child first draw": 16_570_027_776_956_898_491,
}
ok = True
for key, value in ours.items():
    same = value == pinned[key]
    ok &= same
    print(f"{key}: {value} {'matches' if same else 'DIFFERS from ' + str(pinned[key])}")
sys.exit(0 if ok else 1)
