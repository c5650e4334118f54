/* model_lanes.h: the constants of gradstep's exponential and its four-lane form, shared by the sweeps of
 * model.c and net_fast.c so that every e^x has the same bits (internal to the library). */
#ifndef GRADSTEP_MODEL_LANES_H
#define GRADSTEP_MODEL_LANES_H

#include <stdint.h>
#include <string.h>

#define EXP_CLAMP (-746.0)
#define EXP_UNDERFLOW (-745.2)
#define EXP_ROUND 0x1.8p52             /* adding it rounds to an integer kept in the low bits */
#define EXP_LOG2E 0x1.71547652b82fep0  /* 1/ln 2 */
#define EXP_LN2_HI 0x1.62e42fefa38p-1  /* ln 2 to 42 bits: n * EXP_LN2_HI is exact */
#define EXP_LN2_LO 0x1.ef35793c7673p-45 /* ln 2 - EXP_LN2_HI */
#define EXP_Q11 0x1.6124613a86d09p-33  /* 1/13! ... 1/2!: q(r) = 1/2! + r/3! + ... + r^11/13! */
#define EXP_Q10 0x1.1eed8eff8d898p-29
#define EXP_Q9 0x1.ae64567f544e4p-26
#define EXP_Q8 0x1.27e4fb7789f5cp-22
#define EXP_Q7 0x1.71de3a556c734p-19
#define EXP_Q6 0x1.a01a01a01a01ap-16
#define EXP_Q5 0x1.a01a01a01a01ap-13
#define EXP_Q4 0x1.6c16c16c16c17p-10
#define EXP_Q3 0x1.1111111111111p-7
#define EXP_Q2 0x1.5555555555555p-5
#define EXP_Q1 0x1.5555555555555p-3
#define EXP_Q0 0.5
#define EXP_SCALE_BIAS 1077            /* 1023 + 54: 2^(n+54) is normal for every n >= -1076 */

/* GCC and Clang let the lean sweep put two doubles in one register; each lane does exactly
 * the scalar operations (C11 mode: no contraction into fused multiply-adds), so the bits are the
 * same with or without. */
#if defined(__GNUC__) && !defined(ACC_NO_VECTOR)
#define ACC_VECTOR 1
typedef double acc_v2 __attribute__((vector_size(16)));
#endif

#ifdef ACC_VECTOR
typedef double acc_v4 __attribute__((vector_size(32)));
typedef int64_t acc_i4 __attribute__((vector_size(32)));
#define ACC_V4(c) { (c), (c), (c), (c) }

/* exp_nonpos of four values, lane i e^x[i]: in each lane exactly exp_nonpos's operations
 * (selections as bit masks), so the bits are the scalar ones. Always inlined, it takes the
 * instruction set of the function it is inlined into (AVX2 or SSE2). */
static inline __attribute__((always_inline)) void exp_nonpos_v4(const acc_v4 *xp, acc_v4 *out)
{
    acc_v4 x = *xp;
    const acc_v4 clamp = ACC_V4(EXP_CLAMP), round = ACC_V4(EXP_ROUND), one = ACC_V4(1.0);
    const acc_i4 bias = ACC_V4(EXP_SCALE_BIAS);
    acc_i4 keep = x > clamp;
    acc_v4 xc = (acc_v4)(((acc_i4)x & keep) | ((acc_i4)clamp & ~keep));
    acc_v4 t = xc * (acc_v4)ACC_V4(EXP_LOG2E) + round;
    acc_v4 n = t - round;
    acc_i4 ni = (acc_i4)t - (acc_i4)round;
    acc_v4 rh = xc - n * (acc_v4)ACC_V4(EXP_LN2_HI);
    acc_v4 r = rh - n * (acc_v4)ACC_V4(EXP_LN2_LO);
    acc_v4 rl = (rh - r) - n * (acc_v4)ACC_V4(EXP_LN2_LO);
    acc_v4 r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    acc_v4 a0 = (acc_v4)ACC_V4(EXP_Q0) + (acc_v4)ACC_V4(EXP_Q1) * r;
    acc_v4 a1 = (acc_v4)ACC_V4(EXP_Q2) + (acc_v4)ACC_V4(EXP_Q3) * r;
    acc_v4 a2 = (acc_v4)ACC_V4(EXP_Q4) + (acc_v4)ACC_V4(EXP_Q5) * r;
    acc_v4 a3 = (acc_v4)ACC_V4(EXP_Q6) + (acc_v4)ACC_V4(EXP_Q7) * r;
    acc_v4 a4 = (acc_v4)ACC_V4(EXP_Q8) + (acc_v4)ACC_V4(EXP_Q9) * r;
    acc_v4 a5 = (acc_v4)ACC_V4(EXP_Q10) + (acc_v4)ACC_V4(EXP_Q11) * r;
    acc_v4 b0 = a0 + a1 * r2, b1 = a2 + a3 * r2, b2 = a4 + a5 * r2;
    acc_v4 q = (b0 + b1 * r4) + b2 * r8;
    acc_v4 p = one + (r + (r2 * q + rl));
    acc_v4 v = p * (acc_v4)((ni + bias) << 52) * (acc_v4)ACC_V4(0x1p-54);
    v = (acc_v4)((acc_i4)v & (x >= (acc_v4)ACC_V4(EXP_UNDERFLOW)));
    acc_i4 nan = x != x;
    *out = (acc_v4)(((acc_i4)x & nan) | ((acc_i4)v & ~nan));
}

/* exp_nonpos_v4 from and to memory: out[i] = e^xin[i] for i = 0..3. */
static inline __attribute__((always_inline)) void exp_nonpos4(const double *xin, double *out)
{
    acc_v4 x;
    memcpy(&x, xin, sizeof x);
    acc_v4 e;
    exp_nonpos_v4(&x, &e);
    memcpy(out, &e, sizeof e);
}
#endif

#endif
