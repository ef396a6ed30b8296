//go:build !purego

#include "textflag.h"

DATA bceConst<>+0(SB)/4, $0x80000000 // sign
DATA bceConst<>+4(SB)/4, $0x3fb8aa3b // log2e
DATA bceConst<>+8(SB)/4, $0x3f318000 // ln2hi
DATA bceConst<>+12(SB)/4, $0xb95e8083 // ln2lo
DATA bceConst<>+16(SB)/4, $0x3f800000 // one
DATA bceConst<>+20(SB)/4, $0x40000000 // two
DATA bceConst<>+24(SB)/4, $0x39506967 // p0
DATA bceConst<>+28(SB)/4, $0x3ab743ce // p1
DATA bceConst<>+32(SB)/4, $0x3c088908 // p2
DATA bceConst<>+36(SB)/4, $0x3d2aa9c1 // p3
DATA bceConst<>+40(SB)/4, $0x3e2aaaaa // p4
DATA bceConst<>+44(SB)/4, $0x3f000000 // p5
DATA bceConst<>+48(SB)/4, $0xc2c80000 // min
DATA bceConst<>+52(SB)/4, $0x3d888889 // l15
DATA bceConst<>+56(SB)/4, $0x3d9d89d9 // l13
DATA bceConst<>+60(SB)/4, $0x3dba2e8c // l11
DATA bceConst<>+64(SB)/4, $0x3de38e39 // l9
DATA bceConst<>+68(SB)/4, $0x3e124925 // l7
DATA bceConst<>+72(SB)/4, $0x3e4ccccd // l5
DATA bceConst<>+76(SB)/4, $0x3eaaaaab // l3
GLOBL bceConst<>(SB), RODATA|NOPTR, $80

// EXP_CONSTS broadcasts the constants of SIGMOID: the sign bit (Z14),
// log2e (Z17), ln2 in two parts (Z18, Z19), one (Z20), the exp
// polynomial (Z22-Z26, Z13) and the least argument (Z27).
#define EXP_CONSTS \
	VBROADCASTSS bceConst<>+0(SB), Z14; \
	VBROADCASTSS bceConst<>+4(SB), Z17; \
	VBROADCASTSS bceConst<>+8(SB), Z18; \
	VBROADCASTSS bceConst<>+12(SB), Z19; \
	VBROADCASTSS bceConst<>+16(SB), Z20; \
	VBROADCASTSS bceConst<>+24(SB), Z22; \
	VBROADCASTSS bceConst<>+28(SB), Z23; \
	VBROADCASTSS bceConst<>+32(SB), Z24; \
	VBROADCASTSS bceConst<>+36(SB), Z25; \
	VBROADCASTSS bceConst<>+40(SB), Z26; \
	VBROADCASTSS bceConst<>+44(SB), Z13; \
	VBROADCASTSS bceConst<>+48(SB), Z27

// SIGMOID(k) sets Z8 to 1/(1+e^-Z0), lane by lane, with Z5 = e^-|Z0| (the
// exp is Cephes's polynomial on x - k·ln2 scaled by VSCALEFPS) and Z7 =
// 1/(1+Z5); Z16 must be zero. It uses Z2-Z8 and the mask k.
#define SIGMOID(k) \
	VPORD        Z14, Z0, Z2; \
	VMAXPS       Z27, Z2, Z2; \
	VMULPS       Z17, Z2, Z3; \
	VRNDSCALEPS  $0, Z3, Z3; \
	VMOVAPS      Z2, Z4; \
	VFNMADD231PS Z18, Z3, Z4; \
	VFNMADD231PS Z19, Z3, Z4; \
	VMOVAPS      Z22, Z5; \
	VFMADD213PS  Z23, Z4, Z5; \
	VFMADD213PS  Z24, Z4, Z5; \
	VFMADD213PS  Z25, Z4, Z5; \
	VFMADD213PS  Z26, Z4, Z5; \
	VFMADD213PS  Z13, Z4, Z5; \
	VMULPS       Z4, Z4, Z6; \
	VMULPS       Z6, Z5, Z5; \
	VADDPS       Z4, Z5, Z5; \
	VADDPS       Z20, Z5, Z5; \
	VSCALEFPS    Z3, Z5, Z5; \
	VADDPS       Z20, Z5, Z6; \
	VDIVPS       Z6, Z20, Z7; \
	VMULPS       Z7, Z5, Z8; \
	VCMPPS       $0x1d, Z16, Z0, k; \
	VMOVAPS      Z7, k, Z8

// func bceAVX512(z, y, sig *float32, n int) float32
// For n logits z (n a multiple of 16) and targets y, writes sigmoid(z) into
// sig and returns the sum of the binary cross-entropies
// max(z, 0) - z·y + log(1 + e^-|z|). e^x is Cephes's polynomial on
// x - k·ln2 scaled by VSCALEFPS; log(1+e) is 2·atanh(e/(2+e)) as an odd
// series, accurate for small e.
TEXT ·bceAVX512(SB), NOSPLIT, $0-36
	MOVQ z+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ sig+16(FP), DI
	MOVQ n+24(FP), CX
	EXP_CONSTS
	VBROADCASTSS bceConst<>+20(SB), Z21
	VBROADCASTSS bceConst<>+52(SB), Z28
	VBROADCASTSS bceConst<>+56(SB), Z29
	VBROADCASTSS bceConst<>+60(SB), Z30
	VBROADCASTSS bceConst<>+64(SB), Z31
	VBROADCASTSS bceConst<>+68(SB), Z10
	VBROADCASTSS bceConst<>+72(SB), Z11
	VBROADCASTSS bceConst<>+76(SB), Z12
	VXORPS Z16, Z16, Z16
	VXORPS Z15, Z15, Z15

loop:
	CMPQ         CX, $16
	JLT          done
	VMOVUPS      (SI), Z0
	VMOVUPS      (DX), Z1
	SIGMOID(K1)
	VMOVUPS      Z8, (DI)
	VADDPS       Z21, Z5, Z6
	VDIVPS       Z6, Z5, Z6
	VMULPS       Z6, Z6, Z7
	VMOVAPS      Z28, Z9
	VFMADD213PS  Z29, Z7, Z9
	VFMADD213PS  Z30, Z7, Z9
	VFMADD213PS  Z31, Z7, Z9
	VFMADD213PS  Z10, Z7, Z9
	VFMADD213PS  Z11, Z7, Z9
	VFMADD213PS  Z12, Z7, Z9
	VFMADD213PS  Z20, Z7, Z9
	VMULPS       Z6, Z9, Z9
	VADDPS       Z9, Z9, Z9
	VMAXPS       Z16, Z0, Z3
	VFNMADD231PS Z1, Z0, Z3
	VADDPS       Z9, Z3, Z3
	VADDPS       Z3, Z15, Z15
	ADDQ         $64, SI
	ADDQ         $64, DX
	ADDQ         $64, DI
	SUBQ         $16, CX
	JMP          loop

done:
	VEXTRACTF32X8 $1, Z15, Y1
	VADDPS        Y1, Y15, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X1, X1
	VADDPS        X1, X0, X0
	VPSHUFD       $1, X0, X1
	VADDSS        X1, X0, X0
	VMOVSS        X0, ret+32(FP)
	VZEROUPPER
	RET

// func sigmoidAVX512(x *float32, b float32, out *float32, n int)
// out[i] = 1/(1 + e^-(x[i]+b)) for i < n, a multiple of 16: the
// exponential and the choice of form of bceAVX512, so that a sigmoid
// output layer gives the values the fused loss computes.
TEXT ·sigmoidAVX512(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	VBROADCASTSS b+8(FP), Z9
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX
	EXP_CONSTS
	VXORPS       Z16, Z16, Z16

sloop:
	CMPQ         CX, $16
	JLT          sdone
	VADDPS       (SI), Z9, Z0
	SIGMOID(K1)
	VMOVUPS      Z8, (DI)
	ADDQ         $64, SI
	ADDQ         $64, DI
	SUBQ         $16, CX
	JMP          sloop

sdone:
	VZEROUPPER
	RET

DATA leakySlopes<>+0(SB)/4, $0x3e4ccccd // 0.2, LeakySlope
DATA leakySlopes<>+4(SB)/4, $0x3c23d70a // 0.01, LeakySlopeTorch
GLOBL leakySlopes<>(SB), RODATA|NOPTR, $8

// func biasActRowsAVX512(c *float32, ldc, rows int, b *float32, cols, act int)
// For rows rows of cols values at c, ldc values apart, c[j] =
// act(c[j] + b[j]): act 0 linear, 1 relu, 2 sigmoid (as sigmoidAVX512
// computes it), 4 leaky relu (slope 0.2), 7 leaky relu (slope 0.01); any
// other act adds the bias only. Sixteen columns at a time, the last ones under a mask.
TEXT ·biasActRowsAVX512(SB), NOSPLIT, $0-48
	MOVQ         c+0(FP), DI
	MOVQ         ldc+8(FP), R8
	SHLQ         $2, R8
	MOVQ         rows+16(FP), R9
	MOVQ         b+24(FP), BX
	MOVQ         cols+32(FP), R10
	MOVQ         act+40(FP), R12
	EXP_CONSTS
	VBROADCASTSS leakySlopes<>+0(SB), Z11
	VBROADCASTSS leakySlopes<>+4(SB), Z12
	VXORPS       Z16, Z16, Z16
	TESTQ        R9, R9
	JE           edone

erow:
	MOVQ DI, SI
	MOVQ BX, DX
	MOVQ R10, CX

ecol:
	TESTQ   CX, CX
	JLE     enext
	MOVQ    $16, R15
	MOVQ    CX, R11
	CMPQ    R11, R15
	CMOVQGT R15, R11
	MOVQ    $1, AX
	SHLXQ   R11, AX, AX
	DECQ    AX
	KMOVW   AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VADDPS.Z  (DX), Z0, K1, Z0
	CMPQ      R12, $1
	JEQ       erelu
	CMPQ      R12, $2
	JEQ       esig
	CMPQ      R12, $4
	JEQ       eleaky
	CMPQ      R12, $7
	JEQ       eleaky01
	JMP       estore

erelu:
	VMAXPS Z0, Z16, Z0
	JMP    estore

eleaky:
	VMULPS Z11, Z0, Z1
	VMAXPS Z1, Z0, Z0
	JMP    estore

eleaky01:
	VMULPS Z12, Z0, Z1
	VMAXPS Z1, Z0, Z0
	JMP    estore

esig:
	SIGMOID(K2)
	VMOVAPS      Z8, Z0

estore:
	VMOVUPS Z0, K1, (SI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	SUBQ    $16, CX
	JMP     ecol

enext:
	ADDQ R8, DI
	DECQ R9
	JNZ  erow

edone:
	VZEROUPPER
	RET

DATA tanhConst<>+0(SB)/4, $0x3e800000  // 0.25
DATA tanhConst<>+4(SB)/4, $0x3cb327a4  // 62/2835
DATA tanhConst<>+8(SB)/4, $0xbd5d0dd1  // -17/315
DATA tanhConst<>+12(SB)/4, $0x3e088889 // 2/15
DATA tanhConst<>+16(SB)/4, $0xbeaaaaab // -1/3
GLOBL tanhConst<>(SB), RODATA|NOPTR, $20

// TANH_CONSTS broadcasts TANH's constants: 0.25 (Z28) and the series'
// coefficients (Z29, Z30, Z31, Z10).
#define TANH_CONSTS \
	VBROADCASTSS tanhConst<>+0(SB), Z28; \
	VBROADCASTSS tanhConst<>+4(SB), Z29; \
	VBROADCASTSS tanhConst<>+8(SB), Z30; \
	VBROADCASTSS tanhConst<>+12(SB), Z31; \
	VBROADCASTSS tanhConst<>+16(SB), Z10

// TANH sets Z8 to tanh(Z1), lane by lane, as Tanh32 computes it: for
// |v| < 0.25 the odd series to v^9, elsewhere (1-e)/(1+e) with e = e^-2|v|
// (SIGMOID's exponential of 2v), given v's sign; NaN stays NaN. It needs
// EXP_CONSTS, TANH_CONSTS and Z16 = 0, and uses Z0, Z2-Z8 and K1-K3.
#define TANH \
	VADDPS       Z1, Z1, Z0; \
	SIGMOID(K1); \
	VADDPS       Z20, Z5, Z6; \
	VSUBPS       Z5, Z20, Z7; \
	VDIVPS       Z6, Z7, Z8; \
	VPANDD       Z14, Z1, Z2; \
	VPORD        Z2, Z8, Z8; \
	VMULPS       Z1, Z1, Z3; \
	VMOVAPS      Z29, Z4; \
	VFMADD213PS  Z30, Z3, Z4; \
	VFMADD213PS  Z31, Z3, Z4; \
	VFMADD213PS  Z10, Z3, Z4; \
	VMULPS       Z3, Z4, Z4; \
	VFMADD213PS  Z1, Z1, Z4; \
	VPXORD       Z14, Z1, Z2; \
	VMAXPS       Z1, Z2, Z2; \
	VCMPPS       $0x11, Z28, Z2, K2; \
	VMOVAPS      Z4, K2, Z8; \
	VCMPPS       $3, Z1, Z1, K3; \
	VMOVAPS      Z1, K3, Z8

// func tanhAVX512(x *float32, b float32, out *float32, n int)
// out[i] = tanh(x[i]+b) for i < n, a multiple of 16, as Tanh32 computes
// it: for |v| < 0.25 the odd series to v^9, elsewhere (1-e)/(1+e) with e =
// e^-2|v| (SIGMOID's exponential of 2v), given v's sign; NaN stays NaN.
TEXT ·tanhAVX512(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	VBROADCASTSS b+8(FP), Z9
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX
	EXP_CONSTS
	VXORPS       Z16, Z16, Z16
	TANH_CONSTS

tloop:
	CMPQ         CX, $16
	JLT          tdone
	VADDPS       (SI), Z9, Z1
	TANH
	VMOVUPS      Z8, (DI)
	ADDQ         $64, SI
	ADDQ         $64, DI
	SUBQ         $16, CX
	JMP          tloop

tdone:
	VZEROUPPER
	RET

// func lstmCellAVX512(gi, gf, gg, gout, prev, c, tc, h *float32, n int, first bool)
// One LSTM step's cell for n values (a multiple of 16) of activated gates:
// c = gf·prev + gi·gg (gi·gg at the first step, where prev is not read),
// tc = tanh(c) as TANH computes it, h = gout·tc; each product and the sum
// rounded as Go's float32 arithmetic rounds them.
TEXT ·lstmCellAVX512(SB), NOSPLIT, $0-73
	MOVQ    gi+0(FP), AX
	MOVQ    gf+8(FP), BX
	MOVQ    gg+16(FP), CX
	MOVQ    gout+24(FP), DX
	MOVQ    prev+32(FP), SI
	MOVQ    c+40(FP), DI
	MOVQ    tc+48(FP), R8
	MOVQ    h+56(FP), R9
	MOVQ    n+64(FP), R10
	MOVBLZX first+72(FP), R11
	EXP_CONSTS
	TANH_CONSTS
	VXORPS  Z16, Z16, Z16

cloop:
	CMPQ    R10, $16
	JLT     cdone
	VMOVUPS (AX), Z1
	VMULPS  (CX), Z1, Z1
	TESTQ   R11, R11
	JNE     cfirst
	VMOVUPS (BX), Z2
	VMULPS  (SI), Z2, Z2
	VADDPS  Z1, Z2, Z1

cfirst:
	VMOVUPS Z1, (DI)
	TANH
	VMOVUPS Z8, (R8)
	VMULPS  (DX), Z8, Z8
	VMOVUPS Z8, (R9)
	ADDQ    $64, AX
	ADDQ    $64, BX
	ADDQ    $64, CX
	ADDQ    $64, DX
	ADDQ    $64, SI
	ADDQ    $64, DI
	ADDQ    $64, R8
	ADDQ    $64, R9
	SUBQ    $16, R10
	JMP     cloop

cdone:
	VZEROUPPER
	RET
