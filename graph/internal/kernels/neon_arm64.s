//go:build !purego

#include "textflag.h"

// func kern8x8neon(k int, a *float32, rs, ks int, b *float32, bs int, c *float32, ldc int)
// C[8x8] += A[8 x k] * B[k x 8] for k > 0, where A's element (i, p) is at
// a + i·rs + p·ks and B's row p is the 8 values at b + p·bs, and C's rows
// lie ldc apart (all strides in bytes). The tile of C stays in sixteen
// registers; each step loads a row of B into two and broadcasts a column of
// A into eight, for sixteen FMLAs.
TEXT ·kern8x8neon(SB), NOSPLIT, $0-64
	MOVD k+0(FP), R0
	MOVD a+8(FP), R1
	MOVD rs+16(FP), R2
	MOVD ks+24(FP), R3
	MOVD b+32(FP), R4
	MOVD bs+40(FP), R5
	MOVD c+48(FP), R6
	MOVD ldc+56(FP), R7
	MOVD R6, R8
	VLD1.P  (R8)(R7), [V0.S4, V1.S4]
	VLD1.P  (R8)(R7), [V2.S4, V3.S4]
	VLD1.P  (R8)(R7), [V4.S4, V5.S4]
	VLD1.P  (R8)(R7), [V6.S4, V7.S4]
	VLD1.P  (R8)(R7), [V8.S4, V9.S4]
	VLD1.P  (R8)(R7), [V10.S4, V11.S4]
	VLD1.P  (R8)(R7), [V12.S4, V13.S4]
	VLD1.P  (R8)(R7), [V14.S4, V15.S4]

loop:
	VLD1.P  (R4)(R5), [V16.S4, V17.S4]
	MOVD    R1, R9
	VLD1R.P (R9)(R2), [V18.S4]
	VLD1R.P (R9)(R2), [V19.S4]
	VLD1R.P (R9)(R2), [V20.S4]
	VLD1R.P (R9)(R2), [V21.S4]
	VLD1R.P (R9)(R2), [V22.S4]
	VLD1R.P (R9)(R2), [V23.S4]
	VLD1R.P (R9)(R2), [V24.S4]
	VLD1R.P (R9)(R2), [V25.S4]
	VFMLA   V16.S4, V18.S4, V0.S4
	VFMLA   V17.S4, V18.S4, V1.S4
	VFMLA   V16.S4, V19.S4, V2.S4
	VFMLA   V17.S4, V19.S4, V3.S4
	VFMLA   V16.S4, V20.S4, V4.S4
	VFMLA   V17.S4, V20.S4, V5.S4
	VFMLA   V16.S4, V21.S4, V6.S4
	VFMLA   V17.S4, V21.S4, V7.S4
	VFMLA   V16.S4, V22.S4, V8.S4
	VFMLA   V17.S4, V22.S4, V9.S4
	VFMLA   V16.S4, V23.S4, V10.S4
	VFMLA   V17.S4, V23.S4, V11.S4
	VFMLA   V16.S4, V24.S4, V12.S4
	VFMLA   V17.S4, V24.S4, V13.S4
	VFMLA   V16.S4, V25.S4, V14.S4
	VFMLA   V17.S4, V25.S4, V15.S4
	ADD     R3, R1
	SUBS    $1, R0
	BNE     loop
	MOVD    R6, R8
	VST1.P  [V0.S4, V1.S4], (R8)(R7)
	VST1.P  [V2.S4, V3.S4], (R8)(R7)
	VST1.P  [V4.S4, V5.S4], (R8)(R7)
	VST1.P  [V6.S4, V7.S4], (R8)(R7)
	VST1.P  [V8.S4, V9.S4], (R8)(R7)
	VST1.P  [V10.S4, V11.S4], (R8)(R7)
	VST1.P  [V12.S4, V13.S4], (R8)(R7)
	VST1.P  [V14.S4, V15.S4], (R8)(R7)
	RET

// func tapsNEON(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)
// y[p] += Σ_t w[t]·x[offs[t]+p] for p < n, where n is a multiple of 16 and
// ntaps > 0: 32 outputs in eight registers over all the taps, then 16.
TEXT ·tapsNEON(SB), NOSPLIT, $0-48
	MOVD y+0(FP), R0
	MOVD n+8(FP), R1
	MOVD x+16(FP), R2
	MOVD offs+24(FP), R3
	MOVD w+32(FP), R4
	MOVD ntaps+40(FP), R5

block32:
	CMP  $32, R1
	BLT  block16
	MOVD R0, R6
	VLD1.P 64(R6), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1   (R6), [V4.S4, V5.S4, V6.S4, V7.S4]
	MOVD R3, R7
	MOVD R4, R8
	MOVD R5, R9

tap32:
	MOVW.P  4(R7), R10
	VLD1R.P 4(R8), [V16.S4]
	ADD     R10<<2, R2, R11
	VLD1.P  64(R11), [V17.S4, V18.S4, V19.S4, V20.S4]
	VLD1    (R11), [V21.S4, V22.S4, V23.S4, V24.S4]
	VFMLA   V17.S4, V16.S4, V0.S4
	VFMLA   V18.S4, V16.S4, V1.S4
	VFMLA   V19.S4, V16.S4, V2.S4
	VFMLA   V20.S4, V16.S4, V3.S4
	VFMLA   V21.S4, V16.S4, V4.S4
	VFMLA   V22.S4, V16.S4, V5.S4
	VFMLA   V23.S4, V16.S4, V6.S4
	VFMLA   V24.S4, V16.S4, V7.S4
	SUBS    $1, R9
	BNE     tap32
	MOVD    R0, R6
	VST1.P  [V0.S4, V1.S4, V2.S4, V3.S4], 64(R6)
	VST1    [V4.S4, V5.S4, V6.S4, V7.S4], (R6)
	ADD     $128, R0
	ADD     $128, R2
	SUB     $32, R1
	B       block32

block16:
	CMP  $16, R1
	BLT  done
	VLD1 (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	MOVD R3, R7
	MOVD R4, R8
	MOVD R5, R9

tap16:
	MOVW.P  4(R7), R10
	VLD1R.P 4(R8), [V16.S4]
	ADD     R10<<2, R2, R11
	VLD1    (R11), [V17.S4, V18.S4, V19.S4, V20.S4]
	VFMLA   V17.S4, V16.S4, V0.S4
	VFMLA   V18.S4, V16.S4, V1.S4
	VFMLA   V19.S4, V16.S4, V2.S4
	VFMLA   V20.S4, V16.S4, V3.S4
	SUBS    $1, R9
	BNE     tap16
	VST1    [V0.S4, V1.S4, V2.S4, V3.S4], (R0)
	ADD     $64, R0
	ADD     $64, R2
	SUB     $16, R1
	B       block16

done:
	RET

// func taps4NEON(y *float32, ys, n int, x *float32, offs *int32, w *float32, ws, ntaps int)
// For the four outputs o < 4, y[o·ys+p] += Σ_t w[o·ws+t]·x[offs[t]+p] for
// p < n (n a multiple of 16, ntaps > 0; strides in bytes): 16 outputs of
// each plane in sixteen registers, each input vector serving four planes.
TEXT ·taps4NEON(SB), NOSPLIT, $0-64
	MOVD y+0(FP), R0
	MOVD ys+8(FP), R1
	MOVD n+16(FP), R2
	MOVD x+24(FP), R3
	MOVD offs+32(FP), R4
	MOVD w+40(FP), R5
	MOVD ws+48(FP), R6
	MOVD ntaps+56(FP), R7

b16:
	CMP    $16, R2
	BLT    done4
	MOVD   R0, R8
	VLD1.P (R8)(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P (R8)(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P (R8)(R1), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1   (R8), [V12.S4, V13.S4, V14.S4, V15.S4]
	MOVD   R4, R9
	MOVD   R5, R10
	MOVD   R7, R11

t16:
	MOVW.P  4(R9), R12
	ADD     R12<<2, R3, R13
	VLD1    (R13), [V16.S4, V17.S4, V18.S4, V19.S4]
	MOVD    R10, R14
	VLD1R.P (R14)(R6), [V20.S4]
	VLD1R.P (R14)(R6), [V21.S4]
	VLD1R.P (R14)(R6), [V22.S4]
	VLD1R   (R14), [V23.S4]
	ADD     $4, R10
	VFMLA   V16.S4, V20.S4, V0.S4
	VFMLA   V17.S4, V20.S4, V1.S4
	VFMLA   V18.S4, V20.S4, V2.S4
	VFMLA   V19.S4, V20.S4, V3.S4
	VFMLA   V16.S4, V21.S4, V4.S4
	VFMLA   V17.S4, V21.S4, V5.S4
	VFMLA   V18.S4, V21.S4, V6.S4
	VFMLA   V19.S4, V21.S4, V7.S4
	VFMLA   V16.S4, V22.S4, V8.S4
	VFMLA   V17.S4, V22.S4, V9.S4
	VFMLA   V18.S4, V22.S4, V10.S4
	VFMLA   V19.S4, V22.S4, V11.S4
	VFMLA   V16.S4, V23.S4, V12.S4
	VFMLA   V17.S4, V23.S4, V13.S4
	VFMLA   V18.S4, V23.S4, V14.S4
	VFMLA   V19.S4, V23.S4, V15.S4
	SUBS    $1, R11
	BNE     t16
	MOVD    R0, R8
	VST1.P  [V0.S4, V1.S4, V2.S4, V3.S4], (R8)(R1)
	VST1.P  [V4.S4, V5.S4, V6.S4, V7.S4], (R8)(R1)
	VST1.P  [V8.S4, V9.S4, V10.S4, V11.S4], (R8)(R1)
	VST1    [V12.S4, V13.S4, V14.S4, V15.S4], (R8)
	ADD     $64, R0
	ADD     $64, R3
	SUB     $16, R2
	B       b16

done4:
	RET
