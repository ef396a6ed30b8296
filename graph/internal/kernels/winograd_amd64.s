//go:build !purego

#include "textflag.h"

// The transforms of F(2x2, 3x3); see winograd.go. The AVX2 versions are
// the AVX-512 ones at half the width, in Y0-Y15.

// func wgInAVX512(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)
// One row u of the input transform: with e_l = d_k1,l + sgn·d_k2,l, the
// cells of rows k1 at a and k2 at b (l = 0..3: the phases 0, 1 at the
// offsets 0, ps, then 1 cell on), v[p], v[vs+p], v[2vs+p], v[3vs+p] get
// e0-e2, e1+e2, e2-e1, e1-e3 for p < n, a multiple of 16.
TEXT ·wgInAVX512(SB), NOSPLIT, $0-56
	MOVQ v+0(FP), DI
	MOVQ vs+8(FP), R8
	SHLQ $2, R8
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), DX
	MOVQ ps+32(FP), R9
	SHLQ $2, R9
	VBROADCASTSS sgn+40(FP), Z15
	MOVQ n+48(FP), CX
	LEAQ (R8)(R8*2), R10

inloopavx512:
	TESTQ       CX, CX
	JLE         indoneavx512
	VMOVUPS     (SI), Z0
	VMOVUPS     (SI)(R9*1), Z1
	VMOVUPS     4(SI), Z2
	VMOVUPS     4(SI)(R9*1), Z3
	VFMADD231PS (DX), Z15, Z0
	VFMADD231PS (DX)(R9*1), Z15, Z1
	VFMADD231PS 4(DX), Z15, Z2
	VFMADD231PS 4(DX)(R9*1), Z15, Z3
	VSUBPS      Z2, Z0, Z4
	VADDPS      Z2, Z1, Z5
	VSUBPS      Z1, Z2, Z6
	VSUBPS      Z3, Z1, Z7
	VMOVUPS     Z4, (DI)
	VMOVUPS     Z5, (DI)(R8*1)
	VMOVUPS     Z6, (DI)(R8*2)
	VMOVUPS     Z7, (DI)(R10*1)
	ADDQ        $64, SI
	ADDQ        $64, DX
	ADDQ        $64, DI
	SUBQ        $16, CX
	JMP         inloopavx512

indoneavx512:
	VZEROUPPER
	RET

// func wgOutAVX512(y *float32, ys int, m *float32, ms int, n int)
// The output transform: the products M_uv at m + (4u+v)·ms give, for
// p < n (a multiple of 16), with f_u0 = (M_u0+M_u1)+M_u2 and
// f_u1 = (M_u1-M_u2)-M_u3, the output phases y[p] = (f_00+f_10)+f_20,
// y[ys+p] = (f_01+f_11)+f_21, y[2ys+p] = (f_10-f_20)-f_30 and
// y[3ys+p] = (f_11-f_21)-f_31.
TEXT ·wgOutAVX512(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ ys+8(FP), R9
	SHLQ $2, R9
	MOVQ m+16(FP), SI
	MOVQ ms+24(FP), R8
	SHLQ $2, R8
	MOVQ n+32(FP), CX
	LEAQ (R8)(R8*2), R11
	LEAQ (R9)(R9*2), R10
	LEAQ (SI)(R8*4), R13
	LEAQ (R13)(R8*4), R14
	LEAQ (R14)(R8*4), R15

outloopavx512:
	TESTQ CX, CX
	JLE   outdoneavx512
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VMOVUPS (SI)(R8*2), Z2
	VMOVUPS (SI)(R11*1), Z3
	VADDPS  Z1, Z0, Z0
	VADDPS  Z2, Z0, Z8
	VSUBPS  Z2, Z1, Z1
	VSUBPS  Z3, Z1, Z9
	VMOVUPS (R13), Z0
	VMOVUPS (R13)(R8*1), Z1
	VMOVUPS (R13)(R8*2), Z2
	VMOVUPS (R13)(R11*1), Z3
	VADDPS  Z1, Z0, Z0
	VADDPS  Z2, Z0, Z10
	VSUBPS  Z2, Z1, Z1
	VSUBPS  Z3, Z1, Z11
	VMOVUPS (R14), Z0
	VMOVUPS (R14)(R8*1), Z1
	VMOVUPS (R14)(R8*2), Z2
	VMOVUPS (R14)(R11*1), Z3
	VADDPS  Z1, Z0, Z0
	VADDPS  Z2, Z0, Z12
	VSUBPS  Z2, Z1, Z1
	VSUBPS  Z3, Z1, Z13
	VMOVUPS (R15), Z0
	VMOVUPS (R15)(R8*1), Z1
	VMOVUPS (R15)(R8*2), Z2
	VMOVUPS (R15)(R11*1), Z3
	VADDPS  Z1, Z0, Z0
	VADDPS  Z2, Z0, Z14
	VSUBPS  Z2, Z1, Z1
	VSUBPS  Z3, Z1, Z15
	VADDPS  Z10, Z8, Z0
	VADDPS  Z12, Z0, Z0
	VADDPS  Z11, Z9, Z1
	VADDPS  Z13, Z1, Z1
	VSUBPS  Z12, Z10, Z2
	VSUBPS  Z14, Z2, Z2
	VSUBPS  Z13, Z11, Z3
	VSUBPS  Z15, Z3, Z3
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, (DI)(R9*1)
	VMOVUPS Z2, (DI)(R9*2)
	VMOVUPS Z3, (DI)(R10*1)
	ADDQ    $64, SI
	ADDQ    $64, R13
	ADDQ    $64, R14
	ADDQ    $64, R15
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     outloopavx512

outdoneavx512:
	VZEROUPPER
	RET

// func wgGradOutAVX512(m *float32, ms int, y *float32, ys int, n int)
// The output gradient's transform A dY Aᵀ: from the phases dY_rs at
// y + (2r+s)·ys, with h_u = (dY_0, dY_0+dY_1, dY_0-dY_1, -dY_1) over r,
// m + (4u+v)·ms gets (h_u0, h_u0+h_u1, h_u0-h_u1, -h_u1) over s, for
// p < n, a multiple of 16.
TEXT ·wgGradOutAVX512(SB), NOSPLIT, $0-40
	MOVQ   m+0(FP), DI
	MOVQ   ms+8(FP), R8
	SHLQ   $2, R8
	MOVQ   y+16(FP), SI
	MOVQ   ys+24(FP), R9
	SHLQ   $2, R9
	MOVQ   n+32(FP), CX
	LEAQ   (R8)(R8*2), R11
	LEAQ   (R9)(R9*2), R10
	VXORPS Z15, Z15, Z15

gloopavx512:
	TESTQ   CX, CX
	JLE     gdoneavx512
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R9*1), Z1
	VMOVUPS (SI)(R9*2), Z2
	VMOVUPS (SI)(R10*1), Z3
	VADDPS  Z2, Z0, Z4
	VADDPS  Z3, Z1, Z5
	VSUBPS  Z2, Z0, Z6
	VSUBPS  Z3, Z1, Z7
	VSUBPS  Z2, Z15, Z2
	VSUBPS  Z3, Z15, Z3
	MOVQ    DI, R12
	VMOVUPS Z0, (R12)
	VADDPS  Z1, Z0, Z8
	VMOVUPS Z8, (R12)(R8*1)
	VSUBPS  Z1, Z0, Z9
	VMOVUPS Z9, (R12)(R8*2)
	VSUBPS  Z1, Z15, Z10
	VMOVUPS Z10, (R12)(R11*1)
	LEAQ    (R12)(R8*4), R12
	VMOVUPS Z4, (R12)
	VADDPS  Z5, Z4, Z8
	VMOVUPS Z8, (R12)(R8*1)
	VSUBPS  Z5, Z4, Z9
	VMOVUPS Z9, (R12)(R8*2)
	VSUBPS  Z5, Z15, Z10
	VMOVUPS Z10, (R12)(R11*1)
	LEAQ    (R12)(R8*4), R12
	VMOVUPS Z6, (R12)
	VADDPS  Z7, Z6, Z8
	VMOVUPS Z8, (R12)(R8*1)
	VSUBPS  Z7, Z6, Z9
	VMOVUPS Z9, (R12)(R8*2)
	VSUBPS  Z7, Z15, Z10
	VMOVUPS Z10, (R12)(R11*1)
	LEAQ    (R12)(R8*4), R12
	VMOVUPS Z2, (R12)
	VADDPS  Z3, Z2, Z8
	VMOVUPS Z8, (R12)(R8*1)
	VSUBPS  Z3, Z2, Z9
	VMOVUPS Z9, (R12)(R8*2)
	VSUBPS  Z3, Z15, Z10
	VMOVUPS Z10, (R12)(R11*1)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     gloopavx512

gdoneavx512:
	VZEROUPPER
	RET

// func wgInAVX2(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)
// One row u of the input transform: with e_l = d_k1,l + sgn·d_k2,l, the
// cells of rows k1 at a and k2 at b (l = 0..3: the phases 0, 1 at the
// offsets 0, ps, then 1 cell on), v[p], v[vs+p], v[2vs+p], v[3vs+p] get
// e0-e2, e1+e2, e2-e1, e1-e3 for p < n, a multiple of 8.
TEXT ·wgInAVX2(SB), NOSPLIT, $0-56
	MOVQ v+0(FP), DI
	MOVQ vs+8(FP), R8
	SHLQ $2, R8
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), DX
	MOVQ ps+32(FP), R9
	SHLQ $2, R9
	VBROADCASTSS sgn+40(FP), Y15
	MOVQ n+48(FP), CX
	LEAQ (R8)(R8*2), R10

inloopavx2:
	TESTQ       CX, CX
	JLE         indoneavx2
	VMOVUPS     (SI), Y0
	VMOVUPS     (SI)(R9*1), Y1
	VMOVUPS     4(SI), Y2
	VMOVUPS     4(SI)(R9*1), Y3
	VFMADD231PS (DX), Y15, Y0
	VFMADD231PS (DX)(R9*1), Y15, Y1
	VFMADD231PS 4(DX), Y15, Y2
	VFMADD231PS 4(DX)(R9*1), Y15, Y3
	VSUBPS      Y2, Y0, Y4
	VADDPS      Y2, Y1, Y5
	VSUBPS      Y1, Y2, Y6
	VSUBPS      Y3, Y1, Y7
	VMOVUPS     Y4, (DI)
	VMOVUPS     Y5, (DI)(R8*1)
	VMOVUPS     Y6, (DI)(R8*2)
	VMOVUPS     Y7, (DI)(R10*1)
	ADDQ        $32, SI
	ADDQ        $32, DX
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         inloopavx2

indoneavx2:
	VZEROUPPER
	RET

// func wgOutAVX2(y *float32, ys int, m *float32, ms int, n int)
// The output transform: the products M_uv at m + (4u+v)·ms give, for
// p < n (a multiple of 8), with f_u0 = (M_u0+M_u1)+M_u2 and
// f_u1 = (M_u1-M_u2)-M_u3, the output phases y[p] = (f_00+f_10)+f_20,
// y[ys+p] = (f_01+f_11)+f_21, y[2ys+p] = (f_10-f_20)-f_30 and
// y[3ys+p] = (f_11-f_21)-f_31.
TEXT ·wgOutAVX2(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ ys+8(FP), R9
	SHLQ $2, R9
	MOVQ m+16(FP), SI
	MOVQ ms+24(FP), R8
	SHLQ $2, R8
	MOVQ n+32(FP), CX
	LEAQ (R8)(R8*2), R11
	LEAQ (R9)(R9*2), R10
	LEAQ (SI)(R8*4), R13
	LEAQ (R13)(R8*4), R14
	LEAQ (R14)(R8*4), R15

outloopavx2:
	TESTQ CX, CX
	JLE   outdoneavx2
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R11*1), Y3
	VADDPS  Y1, Y0, Y0
	VADDPS  Y2, Y0, Y8
	VSUBPS  Y2, Y1, Y1
	VSUBPS  Y3, Y1, Y9
	VMOVUPS (R13), Y0
	VMOVUPS (R13)(R8*1), Y1
	VMOVUPS (R13)(R8*2), Y2
	VMOVUPS (R13)(R11*1), Y3
	VADDPS  Y1, Y0, Y0
	VADDPS  Y2, Y0, Y10
	VSUBPS  Y2, Y1, Y1
	VSUBPS  Y3, Y1, Y11
	VMOVUPS (R14), Y0
	VMOVUPS (R14)(R8*1), Y1
	VMOVUPS (R14)(R8*2), Y2
	VMOVUPS (R14)(R11*1), Y3
	VADDPS  Y1, Y0, Y0
	VADDPS  Y2, Y0, Y12
	VSUBPS  Y2, Y1, Y1
	VSUBPS  Y3, Y1, Y13
	VMOVUPS (R15), Y0
	VMOVUPS (R15)(R8*1), Y1
	VMOVUPS (R15)(R8*2), Y2
	VMOVUPS (R15)(R11*1), Y3
	VADDPS  Y1, Y0, Y0
	VADDPS  Y2, Y0, Y14
	VSUBPS  Y2, Y1, Y1
	VSUBPS  Y3, Y1, Y15
	VADDPS  Y10, Y8, Y0
	VADDPS  Y12, Y0, Y0
	VADDPS  Y11, Y9, Y1
	VADDPS  Y13, Y1, Y1
	VSUBPS  Y12, Y10, Y2
	VSUBPS  Y14, Y2, Y2
	VSUBPS  Y13, Y11, Y3
	VSUBPS  Y15, Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, (DI)(R9*1)
	VMOVUPS Y2, (DI)(R9*2)
	VMOVUPS Y3, (DI)(R10*1)
	ADDQ    $32, SI
	ADDQ    $32, R13
	ADDQ    $32, R14
	ADDQ    $32, R15
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     outloopavx2

outdoneavx2:
	VZEROUPPER
	RET

// func wgGradOutAVX2(m *float32, ms int, y *float32, ys int, n int)
// The output gradient's transform A dY Aᵀ: from the phases dY_rs at
// y + (2r+s)·ys, with h_u = (dY_0, dY_0+dY_1, dY_0-dY_1, -dY_1) over r,
// m + (4u+v)·ms gets (h_u0, h_u0+h_u1, h_u0-h_u1, -h_u1) over s, for
// p < n, a multiple of 8.
TEXT ·wgGradOutAVX2(SB), NOSPLIT, $0-40
	MOVQ   m+0(FP), DI
	MOVQ   ms+8(FP), R8
	SHLQ   $2, R8
	MOVQ   y+16(FP), SI
	MOVQ   ys+24(FP), R9
	SHLQ   $2, R9
	MOVQ   n+32(FP), CX
	LEAQ   (R8)(R8*2), R11
	LEAQ   (R9)(R9*2), R10
	VXORPS Y15, Y15, Y15

gloopavx2:
	TESTQ   CX, CX
	JLE     gdoneavx2
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R9*1), Y1
	VMOVUPS (SI)(R9*2), Y2
	VMOVUPS (SI)(R10*1), Y3
	VADDPS  Y2, Y0, Y4
	VADDPS  Y3, Y1, Y5
	VSUBPS  Y2, Y0, Y6
	VSUBPS  Y3, Y1, Y7
	VSUBPS  Y2, Y15, Y2
	VSUBPS  Y3, Y15, Y3
	MOVQ    DI, R12
	VMOVUPS Y0, (R12)
	VADDPS  Y1, Y0, Y8
	VMOVUPS Y8, (R12)(R8*1)
	VSUBPS  Y1, Y0, Y9
	VMOVUPS Y9, (R12)(R8*2)
	VSUBPS  Y1, Y15, Y10
	VMOVUPS Y10, (R12)(R11*1)
	LEAQ    (R12)(R8*4), R12
	VMOVUPS Y4, (R12)
	VADDPS  Y5, Y4, Y8
	VMOVUPS Y8, (R12)(R8*1)
	VSUBPS  Y5, Y4, Y9
	VMOVUPS Y9, (R12)(R8*2)
	VSUBPS  Y5, Y15, Y10
	VMOVUPS Y10, (R12)(R11*1)
	LEAQ    (R12)(R8*4), R12
	VMOVUPS Y6, (R12)
	VADDPS  Y7, Y6, Y8
	VMOVUPS Y8, (R12)(R8*1)
	VSUBPS  Y7, Y6, Y9
	VMOVUPS Y9, (R12)(R8*2)
	VSUBPS  Y7, Y15, Y10
	VMOVUPS Y10, (R12)(R11*1)
	LEAQ    (R12)(R8*4), R12
	VMOVUPS Y2, (R12)
	VADDPS  Y3, Y2, Y8
	VMOVUPS Y8, (R12)(R8*1)
	VSUBPS  Y3, Y2, Y9
	VMOVUPS Y9, (R12)(R8*2)
	VSUBPS  Y3, Y15, Y10
	VMOVUPS Y10, (R12)(R11*1)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     gloopavx2

gdoneavx2:
	VZEROUPPER
	RET

