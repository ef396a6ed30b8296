//go:build !purego

#include "textflag.h"

// The rows are read eight outputs at a time. VSHUFPS splits two vectors of
// a row into its even and odd cells, but in the order of outputs
// 0, 1, 4, 5, 2, 3, 6, 7, which VPERMPD $0xd8 puts right (and, being its own
// inverse, also puts a gradient into that order); VUNPCKLPS and VUNPCKHPS
// interleave two such vectors back into cells in natural order.

// func pair2x2RowAVX2(r0, r1, out *float32, cols int, sum bool)
// out[j] = max(r0[2j], r0[2j+1], r1[2j], r1[2j+1]) for j < cols, or
// (r0[2j] + r1[2j]) + (r0[2j+1] + r1[2j+1]) when sum is set; cols is a
// multiple of 8.
TEXT ·pair2x2RowAVX2(SB), NOSPLIT, $0-33
	MOVQ    r0+0(FP), SI
	MOVQ    r1+8(FP), DX
	MOVQ    out+16(FP), DI
	MOVQ    cols+24(FP), CX
	MOVBLZX sum+32(FP), R8

floop:
	CMPQ    CX, $8
	JLT     fdone
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS (DX), Y2
	VMOVUPS 32(DX), Y3
	TESTQ   R8, R8
	JNE     fsum
	VMAXPS  Y2, Y0, Y0
	VMAXPS  Y3, Y1, Y1
	VSHUFPS $0x88, Y1, Y0, Y4
	VSHUFPS $0xdd, Y1, Y0, Y5
	VMAXPS  Y5, Y4, Y4
	JMP     fstore

fsum:
	VADDPS  Y2, Y0, Y0
	VADDPS  Y3, Y1, Y1
	VSHUFPS $0x88, Y1, Y0, Y4
	VSHUFPS $0xdd, Y1, Y0, Y5
	VADDPS  Y5, Y4, Y4

fstore:
	VPERMPD $0xd8, Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     floop

fdone:
	VZEROUPPER
	RET

// func maxPoolGrad2x2RowAVX2(r0, r1, gy, d0, d1 *float32, cols int)
// Sets d0[2j], d0[2j+1], d1[2j], d1[2j+1] to g[j] at the first of the
// four r values that is their maximum and to zero at the other three, for
// j < cols, a multiple of 8.
TEXT ·maxPoolGrad2x2RowAVX2(SB), NOSPLIT, $0-48
	MOVQ r0+0(FP), SI
	MOVQ r1+8(FP), DX
	MOVQ gy+16(FP), R8
	MOVQ d0+24(FP), DI
	MOVQ d1+32(FP), R9
	MOVQ cols+40(FP), CX

gloop:
	CMPQ      CX, $8
	JLT       gdone
	VMOVUPS   (SI), Y0
	VMOVUPS   32(SI), Y1
	VMOVUPS   (DX), Y2
	VMOVUPS   32(DX), Y3
	VSHUFPS   $0x88, Y1, Y0, Y4
	VSHUFPS   $0xdd, Y1, Y0, Y5
	VSHUFPS   $0x88, Y3, Y2, Y6
	VSHUFPS   $0xdd, Y3, Y2, Y7
	VMAXPS    Y5, Y4, Y8
	VMAXPS    Y7, Y6, Y9
	VMAXPS    Y9, Y8, Y8
	VCMPPS    $0, Y8, Y4, Y10
	VCMPPS    $0, Y8, Y5, Y11
	VANDNPS   Y11, Y10, Y11
	VORPS     Y10, Y11, Y12
	VCMPPS    $0, Y8, Y6, Y13
	VANDNPS   Y13, Y12, Y13
	VORPS     Y13, Y12, Y12
	VMOVUPS   (R8), Y14
	VPERMPD   $0xd8, Y14, Y14
	VANDPS    Y14, Y10, Y10
	VANDPS    Y14, Y11, Y11
	VANDPS    Y14, Y13, Y13
	VANDNPS   Y14, Y12, Y12
	VUNPCKLPS Y11, Y10, Y0
	VUNPCKHPS Y11, Y10, Y1
	VUNPCKLPS Y12, Y13, Y2
	VUNPCKHPS Y12, Y13, Y3
	VMOVUPS   Y0, (DI)
	VMOVUPS   Y1, 32(DI)
	VMOVUPS   Y2, (R9)
	VMOVUPS   Y3, 32(R9)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $32, R8
	ADDQ      $64, DI
	ADDQ      $64, R9
	SUBQ      $8, CX
	JMP       gloop

gdone:
	VZEROUPPER
	RET

// func upsample2x2RowAVX2(x, d0, d1 *float32, cols int)
// d0[2j] = d0[2j+1] = d1[2j] = d1[2j+1] = x[j] for j < cols, a multiple
// of 8.
TEXT ·upsample2x2RowAVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ d0+8(FP), DI
	MOVQ d1+16(FP), R9
	MOVQ cols+24(FP), CX

vloop:
	CMPQ       CX, $8
	JLT        vdone
	VMOVUPS    (SI), Y0
	VUNPCKLPS  Y0, Y0, Y1
	VUNPCKHPS  Y0, Y0, Y2
	VPERM2F128 $0x20, Y2, Y1, Y3
	VPERM2F128 $0x31, Y2, Y1, Y4
	VMOVUPS    Y3, (DI)
	VMOVUPS    Y4, 32(DI)
	VMOVUPS    Y3, (R9)
	VMOVUPS    Y4, 32(R9)
	ADDQ       $32, SI
	ADDQ       $64, DI
	ADDQ       $64, R9
	SUBQ       $8, CX
	JMP        vloop

vdone:
	VZEROUPPER
	RET
