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

// func wgGradRowAVX512(m *float32, ms int, a, b *float32, ps int, alpha, beta float32, n int)
// One row u of the output gradient's transform A dY Aᵀ: with
// h_s = alpha·a[s·ps+p] + beta·b[s·ps+p] for s = 0, 1, m[p], m[ms+p],
// m[2ms+p] and m[3ms+p] get h0, h0+h1, h0-h1 and -h1 for p < n, a
// multiple of 16.
TEXT ·wgGradRowAVX512(SB), NOSPLIT, $0-56
	MOVQ         m+0(FP), DI
	MOVQ         ms+8(FP), R8
	SHLQ         $2, R8
	MOVQ         a+16(FP), SI
	MOVQ         b+24(FP), DX
	MOVQ         ps+32(FP), R9
	SHLQ         $2, R9
	VBROADCASTSS alpha+40(FP), Z14
	VBROADCASTSS beta+44(FP), Z15
	MOVQ         n+48(FP), CX
	LEAQ         (R8)(R8*2), R10
	VXORPS       Z13, Z13, Z13

rloopavx512:
	TESTQ       CX, CX
	JLE         rdoneavx512
	VMULPS      (SI), Z14, Z0
	VMULPS      (SI)(R9*1), Z14, Z1
	VFMADD231PS (DX), Z15, Z0
	VFMADD231PS (DX)(R9*1), Z15, Z1
	VADDPS      Z1, Z0, Z2
	VSUBPS      Z1, Z0, Z3
	VSUBPS      Z1, Z13, Z4
	VMOVUPS     Z0, (DI)
	VMOVUPS     Z2, (DI)(R8*1)
	VMOVUPS     Z3, (DI)(R8*2)
	VMOVUPS     Z4, (DI)(R10*1)
	ADDQ        $64, SI
	ADDQ        $64, DX
	ADDQ        $64, DI
	SUBQ        $16, CX
	JMP         rloopavx512

rdoneavx512:
	VZEROUPPER
	RET

// func wgGradRowAVX2(m *float32, ms int, a, b *float32, ps int, alpha, beta float32, n int)
// One row u of the output gradient's transform A dY Aᵀ: with
// h_s = alpha·a[s·ps+p] + beta·b[s·ps+p] for s = 0, 1, m[p], m[ms+p],
// m[2ms+p] and m[3ms+p] get h0, h0+h1, h0-h1 and -h1 for p < n, a
// multiple of 8.
TEXT ·wgGradRowAVX2(SB), NOSPLIT, $0-56
	MOVQ         m+0(FP), DI
	MOVQ         ms+8(FP), R8
	SHLQ         $2, R8
	MOVQ         a+16(FP), SI
	MOVQ         b+24(FP), DX
	MOVQ         ps+32(FP), R9
	SHLQ         $2, R9
	VBROADCASTSS alpha+40(FP), Y14
	VBROADCASTSS beta+44(FP), Y15
	MOVQ         n+48(FP), CX
	LEAQ         (R8)(R8*2), R10
	VXORPS       Y13, Y13, Y13

rloopavx2:
	TESTQ       CX, CX
	JLE         rdoneavx2
	VMULPS      (SI), Y14, Y0
	VMULPS      (SI)(R9*1), Y14, Y1
	VFMADD231PS (DX), Y15, Y0
	VFMADD231PS (DX)(R9*1), Y15, Y1
	VADDPS      Y1, Y0, Y2
	VSUBPS      Y1, Y0, Y3
	VSUBPS      Y1, Y13, Y4
	VMOVUPS     Y0, (DI)
	VMOVUPS     Y2, (DI)(R8*1)
	VMOVUPS     Y3, (DI)(R8*2)
	VMOVUPS     Y4, (DI)(R10*1)
	ADDQ        $32, SI
	ADDQ        $32, DX
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         rloopavx2

rdoneavx2:
	VZEROUPPER
	RET

// func zipRowsAVX2(d *float32, ds int, ev, od *float32, ss, rows, cols int)
// For each of rows rows, d[2j] = ev[j] and d[2j+1] = od[j] for 2j < cols
// and 2j+1 < cols; the rows lie ds (d) and ss (ev, od) values apart. It
// takes eight columns of every row at a time, the last eight moved back to
// end the row, by an even number of columns, and the last column of an
// odd count alone: AMD cores store under a mask slowly, so only rows of
// fewer than 8 take masks. The AVX-512 set uses it too.
TEXT ·zipRowsAVX2(SB), NOSPLIT, $0-56
	MOVQ ds+8(FP), R8
	SHLQ $2, R8
	MOVQ ss+32(FP), R9
	SHLQ $2, R9
	MOVQ cols+48(FP), CX
	LEAQ laneMask<>(SB), R15
	CMPQ CX, $8
	JGE  z2wide
	MOVQ    CX, R12
	LEAQ    1(R12), R13
	SHRQ    $1, R13
	MOVQ    $8, AX
	SUBQ    R13, AX
	VMOVDQU (R15)(AX*4), X3
	MOVQ    R12, R13
	SHRQ    $1, R13
	MOVQ    $8, AX
	SUBQ    R13, AX
	VMOVDQU (R15)(AX*4), X4
	MOVQ    $8, AX
	SUBQ    R12, AX
	VMOVDQU (R15)(AX*4), Y5
	MOVQ        d+0(FP), DI
	MOVQ        ev+16(FP), SI
	MOVQ        od+24(FP), DX
	MOVQ        rows+40(FP), BX

z2mrow:
	VMASKMOVPS  (SI), X3, X0
	VMASKMOVPS  (DX), X4, X1
	VUNPCKLPS   X1, X0, X2
	VUNPCKHPS   X1, X0, X6
	VINSERTF128 $1, X6, Y2, Y2
	VMASKMOVPS  Y2, Y5, (DI)
	ADDQ        R8, DI
	ADDQ        R9, SI
	ADDQ        R9, DX
	DECQ        BX
	JNZ         z2mrow
	JMP         z2done

z2wide:
	XORQ R14, R14

z2chunk:
	LEAQ 8(R14), AX
	CMPQ AX, CX
	JGT  z2tail
	MOVQ R14, R12
	MOVQ        d+0(FP), DI
	MOVQ        ev+16(FP), SI
	MOVQ        od+24(FP), DX
	LEAQ        (DI)(R12*4), DI
	LEAQ        (SI)(R12*2), SI
	LEAQ        (DX)(R12*2), DX
	MOVQ        rows+40(FP), BX

z2row:
	VMOVUPS     (SI), X0
	VMOVUPS     (DX), X1
	VUNPCKLPS   X1, X0, X2
	VUNPCKHPS   X1, X0, X6
	VINSERTF128 $1, X6, Y2, Y2
	VMOVUPS     Y2, (DI)
	ADDQ        R8, DI
	ADDQ        R9, SI
	ADDQ        R9, DX
	DECQ        BX
	JNZ         z2row
	ADDQ $8, R14
	JMP  z2chunk

z2tail:
	CMPQ R14, CX
	JGE  z2odd
	LEAQ -8(CX), R12
	ANDQ $-2, R12
	MOVQ        d+0(FP), DI
	MOVQ        ev+16(FP), SI
	MOVQ        od+24(FP), DX
	LEAQ        (DI)(R12*4), DI
	LEAQ        (SI)(R12*2), SI
	LEAQ        (DX)(R12*2), DX
	MOVQ        rows+40(FP), BX

z2trow:
	VMOVUPS     (SI), X0
	VMOVUPS     (DX), X1
	VUNPCKLPS   X1, X0, X2
	VUNPCKHPS   X1, X0, X6
	VINSERTF128 $1, X6, Y2, Y2
	VMOVUPS     Y2, (DI)
	ADDQ        R8, DI
	ADDQ        R9, SI
	ADDQ        R9, DX
	DECQ        BX
	JNZ         z2trow

z2odd:
	TESTQ $1, CX
	JE    z2done
	// an odd count: d[cols-1] = ev[(cols-1)/2]
	MOVQ  d+0(FP), DI
	MOVQ  ev+16(FP), SI
	LEAQ  -4(DI)(CX*4), DI
	MOVQ  CX, AX
	SHRQ  $1, AX
	LEAQ  (SI)(AX*4), SI
	MOVQ  rows+40(FP), BX

z2oddrow:
	MOVL (SI), AX
	MOVL AX, (DI)
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ BX
	JNZ  z2oddrow

z2done:
	VZEROUPPER
	RET

// func unzipRowsAVX2(ev, od *float32, ds int, s *float32, ss, rows, cols int)
// For each of rows rows, ev[j] = s[2j] and od[j] = s[2j+1] for 2j < cols
// and 2j+1 < cols; the rows lie ds (ev, od) and ss (s) values apart; by
// blocks as zipRowsAVX2 goes.
TEXT ·unzipRowsAVX2(SB), NOSPLIT, $0-56
	MOVQ    ds+16(FP), R8
	SHLQ    $2, R8
	MOVQ    ss+32(FP), R9
	SHLQ    $2, R9
	MOVQ    cols+48(FP), CX
	LEAQ    laneMask<>(SB), R15
	VMOVDQU unzipIdx8<>(SB), Y7
	CMPQ CX, $8
	JGE  u2wide
	MOVQ    CX, R12
	LEAQ    1(R12), R13
	SHRQ    $1, R13
	MOVQ    $8, AX
	SUBQ    R13, AX
	VMOVDQU (R15)(AX*4), X3
	MOVQ    R12, R13
	SHRQ    $1, R13
	MOVQ    $8, AX
	SUBQ    R13, AX
	VMOVDQU (R15)(AX*4), X4
	MOVQ    $8, AX
	SUBQ    R12, AX
	VMOVDQU (R15)(AX*4), Y5
	MOVQ         ev+0(FP), DI
	MOVQ         od+8(FP), DX
	MOVQ         s+24(FP), SI
	MOVQ         rows+40(FP), BX

u2mrow:
	VMASKMOVPS   (SI), Y5, Y0
	VPERMPS      Y0, Y7, Y1
	VMASKMOVPS   X1, X3, (DI)
	VEXTRACTF128 $1, Y1, X2
	VMASKMOVPS   X2, X4, (DX)
	ADDQ         R9, SI
	ADDQ         R8, DI
	ADDQ         R8, DX
	DECQ         BX
	JNZ          u2mrow
	JMP          u2done

u2wide:
	XORQ R14, R14

u2chunk:
	LEAQ 8(R14), AX
	CMPQ AX, CX
	JGT  u2tail
	MOVQ R14, R12
	MOVQ         ev+0(FP), DI
	MOVQ         od+8(FP), DX
	MOVQ         s+24(FP), SI
	LEAQ         (DI)(R12*2), DI
	LEAQ         (DX)(R12*2), DX
	LEAQ         (SI)(R12*4), SI
	MOVQ         rows+40(FP), BX

u2row:
	VMOVUPS      (SI), Y0
	VPERMPS      Y0, Y7, Y1
	VMOVUPS      X1, (DI)
	VEXTRACTF128 $1, Y1, X2
	VMOVUPS      X2, (DX)
	ADDQ         R9, SI
	ADDQ         R8, DI
	ADDQ         R8, DX
	DECQ         BX
	JNZ          u2row
	ADDQ $8, R14
	JMP  u2chunk

u2tail:
	CMPQ R14, CX
	JGE  u2odd
	LEAQ -8(CX), R12
	ANDQ $-2, R12
	MOVQ         ev+0(FP), DI
	MOVQ         od+8(FP), DX
	MOVQ         s+24(FP), SI
	LEAQ         (DI)(R12*2), DI
	LEAQ         (DX)(R12*2), DX
	LEAQ         (SI)(R12*4), SI
	MOVQ         rows+40(FP), BX

u2trow:
	VMOVUPS      (SI), Y0
	VPERMPS      Y0, Y7, Y1
	VMOVUPS      X1, (DI)
	VEXTRACTF128 $1, Y1, X2
	VMOVUPS      X2, (DX)
	ADDQ         R9, SI
	ADDQ         R8, DI
	ADDQ         R8, DX
	DECQ         BX
	JNZ          u2trow

u2odd:
	TESTQ $1, CX
	JE    u2done
	// an odd count: ev[(cols-1)/2] = s[cols-1]
	MOVQ  ev+0(FP), DI
	MOVQ  s+24(FP), SI
	LEAQ  -4(SI)(CX*4), SI
	MOVQ  CX, AX
	SHRQ  $1, AX
	LEAQ  (DI)(AX*4), DI
	MOVQ  rows+40(FP), BX

u2oddrow:
	MOVL (SI), AX
	MOVL AX, (DI)
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ BX
	JNZ  u2oddrow

u2done:
	VZEROUPPER
	RET

// func poolPhasesAVX512(a, b, c, d, y *float32, win *uint8, n int, relu bool)
// For p < n (a multiple of 16): y[p] is the largest of a[p], b[p], c[p] and
// d[p], the cells of a 2x2 window in poolWinRowGeneric's order, and win[p] the
// index of the first of them that is, or NoWin when relu is set and y[p]
// is not positive; argmax2x2 decides as here.
TEXT ·poolPhasesAVX512(SB), NOSPLIT, $0-57
	MOVQ         a+0(FP), SI
	MOVQ         b+8(FP), DX
	MOVQ         c+16(FP), R8
	MOVQ         d+24(FP), R9
	MOVQ         y+32(FP), DI
	MOVQ         win+40(FP), R10
	MOVQ         n+48(FP), CX
	MOVBLZX      relu+56(FP), R11
	MOVL         $1, AX
	VPBROADCASTD AX, Z24
	MOVL         $2, AX
	VPBROADCASTD AX, Z25
	MOVL         $3, AX
	VPBROADCASTD AX, Z26
	MOVL         $4, AX
	VPBROADCASTD AX, Z27
	VXORPS       Z28, Z28, Z28

p512loop:
	TESTQ     CX, CX
	JLE       p512done
	VMOVUPS   (SI), Z0
	VMOVUPS   (DX), Z1
	VMOVUPS   (R8), Z2
	VMOVUPS   (R9), Z3
	VMAXPS    Z1, Z0, Z4
	VMAXPS    Z3, Z2, Z5
	VMAXPS    Z5, Z4, Z6
	VPXORD    Z7, Z7, Z7
	VCMPPS    $0x1e, Z0, Z1, K1
	VMOVDQA32 Z24, K1, Z7
	VMOVDQA32 Z25, Z8
	VCMPPS    $0x1e, Z2, Z3, K2
	VMOVDQA32 Z26, K2, Z8
	VCMPPS    $0x1e, Z4, Z5, K3
	VMOVDQA32 Z8, K3, Z7
	TESTQ     R11, R11
	JE        p512store
	VCMPPS    $0x12, Z28, Z6, K4
	VMOVDQA32 Z27, K4, Z7

p512store:
	VMOVUPS Z6, (DI)
	VPMOVDB Z7, (R10)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, DI
	ADDQ    $16, R10
	SUBQ    $16, CX
	JMP     p512loop

p512done:
	VZEROUPPER
	RET

// func poolPhasesAVX2(a, b, c, d, y *float32, win *uint8, n int, relu bool)
// poolPhasesAVX512 eight positions a step; n is a multiple of 8.
TEXT ·poolPhasesAVX2(SB), NOSPLIT, $0-57
	MOVQ         a+0(FP), SI
	MOVQ         b+8(FP), DX
	MOVQ         c+16(FP), R8
	MOVQ         d+24(FP), R9
	MOVQ         y+32(FP), DI
	MOVQ         win+40(FP), R10
	MOVQ         n+48(FP), CX
	MOVBLZX      relu+56(FP), R11
	MOVL         $1, AX
	MOVQ         AX, X12
	VPBROADCASTD X12, Y12
	MOVL         $2, AX
	MOVQ         AX, X13
	VPBROADCASTD X13, Y13
	MOVL         $4, AX
	MOVQ         AX, X14
	VPBROADCASTD X14, Y14
	VXORPS       Y15, Y15, Y15

p2loop:
	TESTQ        CX, CX
	JLE          p2done
	VMOVUPS      (SI), Y0
	VMOVUPS      (DX), Y1
	VMOVUPS      (R8), Y2
	VMOVUPS      (R9), Y3
	VMAXPS       Y1, Y0, Y4
	VMAXPS       Y3, Y2, Y5
	VMAXPS       Y5, Y4, Y6
	// i1 = b > a ? 1 : 0; i2 = 2 + (d > c ? 1 : 0); i = m2 > m1 ? i2 : i1
	VCMPPS       $0x1e, Y0, Y1, Y7
	VPAND        Y12, Y7, Y7
	VCMPPS       $0x1e, Y2, Y3, Y8
	VPAND        Y12, Y8, Y8
	VPADDD       Y13, Y8, Y8
	VCMPPS       $0x1e, Y4, Y5, Y9
	VBLENDVPS    Y9, Y8, Y7, Y7
	TESTQ        R11, R11
	JE           p2store
	VCMPPS       $0x12, Y15, Y6, Y9
	VBLENDVPS    Y9, Y14, Y7, Y7

p2store:
	VMOVUPS      Y6, (DI)
	VEXTRACTI128 $1, Y7, X8
	VPACKSSDW    X8, X7, X7
	VPACKUSWB    X7, X7, X7
	MOVQ         X7, (R10)
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, R8
	ADDQ         $32, R9
	ADDQ         $32, DI
	ADDQ         $8, R10
	SUBQ         $8, CX
	JMP          p2loop

p2done:
	VZEROUPPER
	RET

DATA laneMask<>+0(SB)/4, $0xffffffff
DATA laneMask<>+4(SB)/4, $0xffffffff
DATA laneMask<>+8(SB)/4, $0xffffffff
DATA laneMask<>+12(SB)/4, $0xffffffff
DATA laneMask<>+16(SB)/4, $0xffffffff
DATA laneMask<>+20(SB)/4, $0xffffffff
DATA laneMask<>+24(SB)/4, $0xffffffff
DATA laneMask<>+28(SB)/4, $0xffffffff
DATA laneMask<>+32(SB)/4, $0
DATA laneMask<>+36(SB)/4, $0
DATA laneMask<>+40(SB)/4, $0
DATA laneMask<>+44(SB)/4, $0
DATA laneMask<>+48(SB)/4, $0
DATA laneMask<>+52(SB)/4, $0
DATA laneMask<>+56(SB)/4, $0
DATA laneMask<>+60(SB)/4, $0
GLOBL laneMask<>(SB), RODATA, $64

DATA unzipIdx8<>+0(SB)/4, $0
DATA unzipIdx8<>+4(SB)/4, $2
DATA unzipIdx8<>+8(SB)/4, $4
DATA unzipIdx8<>+12(SB)/4, $6
DATA unzipIdx8<>+16(SB)/4, $1
DATA unzipIdx8<>+20(SB)/4, $3
DATA unzipIdx8<>+24(SB)/4, $5
DATA unzipIdx8<>+28(SB)/4, $7
GLOBL unzipIdx8<>(SB), RODATA, $32
