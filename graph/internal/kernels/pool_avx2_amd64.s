//go:build !purego

#include "textflag.h"

// The rows are read eight outputs at a time. VSHUFPS splits two vectors of
// a row into its even and odd cells, but in the order of outputs
// 0, 1, 4, 5, 2, 3, 6, 7, which VPERMPD $0xd8 puts right (and, being its own
// inverse, also puts a gradient into that order); VUNPCKLPS and VUNPCKHPS
// interleave two such vectors back into cells in natural order.

// WINDOWS8 reads eight 2x2 windows, two cells of each from the row at SI
// and two from the row at DX, and sets Y8 to their maxima and Y10, Y11 and
// Y13 to the masks of the windows whose first maximum is the top left, the
// top right or the bottom left cell (Y12 to any of the three), in the
// order of outputs 0, 1, 4, 5, 2, 3, 6, 7. It uses Y0-Y13.
#define WINDOWS8 \
	VMOVUPS   (SI), Y0; \
	VMOVUPS   32(SI), Y1; \
	VMOVUPS   (DX), Y2; \
	VMOVUPS   32(DX), Y3; \
	VSHUFPS   $0x88, Y1, Y0, Y4; \
	VSHUFPS   $0xdd, Y1, Y0, Y5; \
	VSHUFPS   $0x88, Y3, Y2, Y6; \
	VSHUFPS   $0xdd, Y3, Y2, Y7; \
	VMAXPS    Y5, Y4, Y8; \
	VMAXPS    Y7, Y6, Y9; \
	VMAXPS    Y9, Y8, Y8; \
	VCMPPS    $0, Y8, Y4, Y10; \
	VCMPPS    $0, Y8, Y5, Y11; \
	VANDNPS   Y11, Y10, Y11; \
	VORPS     Y10, Y11, Y12; \
	VCMPPS    $0, Y8, Y6, Y13; \
	VANDNPS   Y13, Y12, Y13; \
	VORPS     Y13, Y12, Y12

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
	WINDOWS8
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

// POOLWIN_CONSTS sets Y15 to 3 and Y14 to 4 (NoWin) in every lane, for
// POOLWIN8.
#define POOLWIN_CONSTS \
	MOVL         $3, AX; \
	MOVQ         AX, X15; \
	VPBROADCASTD X15, Y15; \
	MOVL         $4, AX; \
	MOVQ         AX, X14; \
	VPBROADCASTD X14, Y14

// POOLWIN8 pools eight windows of the rows at SI and DX into eight maxima
// at DI and eight winners at R8, NoWin where R9 is not zero and the
// maximum is not positive. The index is 3 plus -1 three times for the top
// left, twice for the top right and once for the bottom left winner. It
// uses Y0-Y13 and the constants of POOLWIN_CONSTS.
#define POOLWIN8 \
	WINDOWS8; \
	VPADDD       Y10, Y15, Y0; \
	VPADDD       Y10, Y0, Y0; \
	VPADDD       Y10, Y0, Y0; \
	VPADDD       Y11, Y0, Y0; \
	VPADDD       Y11, Y0, Y0; \
	VPADDD       Y13, Y0, Y0; \
	VXORPS       Y1, Y1, Y1; \
	VCMPPS       $2, Y1, Y8, Y1; \
	MOVQ         R9, X2; \
	VPBROADCASTD X2, Y2; \
	VPAND        Y2, Y1, Y1; \
	VBLENDVPS    Y1, Y14, Y0, Y0; \
	VPERMPD      $0xd8, Y8, Y8; \
	VPERMQ       $0xd8, Y0, Y0; \
	VMOVUPS      Y8, (DI); \
	VEXTRACTI128 $1, Y0, X1; \
	VPACKSSDW    X1, X0, X0; \
	VPACKUSWB    X0, X0, X0; \
	VMOVQ        X0, (R8)

// func poolWinRowAVX2(r0, r1, y *float32, win *uint8, cols int, relu bool)
// For j < cols, a multiple of 8: y[j] is the maximum of r0[2j], r0[2j+1],
// r1[2j], r1[2j+1] and win[j] which of them (0-3) is the first maximum,
// as maxPoolGrad2x2RowAVX2 picks it; when relu is set, 4 (NoWin) where the
// maximum is not positive.
TEXT ·poolWinRowAVX2(SB), NOSPLIT, $0-41
	MOVQ    r0+0(FP), SI
	MOVQ    r1+8(FP), DX
	MOVQ    y+16(FP), DI
	MOVQ    win+24(FP), R8
	MOVQ    cols+32(FP), CX
	MOVBLZX relu+40(FP), R9
	NEGQ    R9                // all ones when set: the mask of POOLWIN8
	POOLWIN_CONSTS

wloop:
	CMPQ CX, $8
	JLT  wdone
	POOLWIN8
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $32, DI
	ADDQ $8, R8
	SUBQ $8, CX
	JMP  wloop

wdone:
	VZEROUPPER
	RET

// func poolWinPlaneAVX2(x *float32, ld int, y *float32, win *uint8, rows, cols int, relu bool)
// pools rows rows of cols windows (cols >= 8) as poolWinRowAVX2 does:
// window row r from the rows 2r and 2r+1 of x, ld floats apart, into y
// and win plus r·cols. Each row's last block of eight is moved back to
// end the row.
TEXT ·poolWinPlaneAVX2(SB), NOSPLIT, $0-49
	MOVQ    x+0(FP), R11
	MOVQ    ld+8(FP), R10
	SHLQ    $2, R10           // a row of x in bytes
	MOVQ    y+16(FP), R12
	MOVQ    win+24(FP), R13
	MOVQ    rows+32(FP), BX
	MOVQ    cols+40(FP), R14
	MOVBLZX relu+48(FP), R9
	NEGQ    R9
	POOLWIN_CONSTS

qrow:
	TESTQ BX, BX
	JZ    qdone
	MOVQ  R11, SI
	LEAQ  (R11)(R10*1), DX
	MOVQ  R12, DI
	MOVQ  R13, R8
	MOVQ  R14, CX

qblock:
	CMPQ CX, $8
	JLT  qtail
	POOLWIN8
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $32, DI
	ADDQ $8, R8
	SUBQ $8, CX
	JMP  qblock

qtail:
	TESTQ CX, CX
	JZ    qnext
	// back by 8-CX windows: the last eight of the row
	MOVQ  $8, AX
	SUBQ  CX, AX
	SUBQ  AX, R8
	SHLQ  $2, AX
	SUBQ  AX, DI
	SHLQ  $1, AX
	SUBQ  AX, SI
	SUBQ  AX, DX
	POOLWIN8

qnext:
	LEAQ (R11)(R10*2), R11
	LEAQ (R12)(R14*4), R12
	ADDQ R14, R13
	DECQ BX
	JMP  qrow

qdone:
	VZEROUPPER
	RET

// func poolScatterRowAVX2(win *uint8, gp, d0, d1 *float32, cols int)
// Sets d0[2j], d0[2j+1], d1[2j], d1[2j+1] to g[j] at the cell win[j]
// names (0-3) and to zero at the others, all four for 4, for j < cols, a
// multiple of 8. The winners and gradients are put in the order of
// maxPoolGrad2x2RowAVX2's, so that the same interleave writes the cells.
// SCATTER_CONSTS sets Y15, Y14, Y13 and Y12 to the window indices 0, 1,
// 2 and 3 in every lane, for SCATTER8.
#define SCATTER_CONSTS \
	VPXOR        Y15, Y15, Y15; \
	MOVL         $1, AX; \
	MOVQ         AX, X14; \
	VPBROADCASTD X14, Y14; \
	MOVL         $2, AX; \
	MOVQ         AX, X13; \
	VPBROADCASTD X13, Y13; \
	MOVL         $3, AX; \
	MOVQ         AX, X12; \
	VPBROADCASTD X12, Y12

// SCATTER8 scatters eight windows: the gradients at R10 to the cells the
// window indices at R8 name, 16 cells of the row at DI and 16 of the row
// at R9, zero to the others. It uses Y0-Y9 and the constants of
// SCATTER_CONSTS.
#define SCATTER8 \
	VPMOVZXBD (R8), Y9; \
	VPERMQ    $0xd8, Y9, Y9; \
	VMOVUPS   (R10), Y8; \
	VPERMPD   $0xd8, Y8, Y8; \
	VPCMPEQD  Y15, Y9, Y4; \
	VPCMPEQD  Y14, Y9, Y5; \
	VPCMPEQD  Y13, Y9, Y6; \
	VPCMPEQD  Y12, Y9, Y7; \
	VANDPS    Y8, Y4, Y4; \
	VANDPS    Y8, Y5, Y5; \
	VANDPS    Y8, Y6, Y6; \
	VANDPS    Y8, Y7, Y7; \
	VUNPCKLPS Y5, Y4, Y0; \
	VUNPCKHPS Y5, Y4, Y1; \
	VUNPCKLPS Y7, Y6, Y2; \
	VUNPCKHPS Y7, Y6, Y3; \
	VMOVUPS   Y0, (DI); \
	VMOVUPS   Y1, 32(DI); \
	VMOVUPS   Y2, (R9); \
	VMOVUPS   Y3, 32(R9)

// SCATTER4 is SCATTER8 for four windows: 8 cells of each row, in the
// 128-bit halves of the registers, which unpack in order.
#define SCATTER4 \
	VPMOVZXBD (R8), X9; \
	VMOVUPS   (R10), X8; \
	VPCMPEQD  X15, X9, X4; \
	VPCMPEQD  X14, X9, X5; \
	VPCMPEQD  X13, X9, X6; \
	VPCMPEQD  X12, X9, X7; \
	VANDPS    X8, X4, X4; \
	VANDPS    X8, X5, X5; \
	VANDPS    X8, X6, X6; \
	VANDPS    X8, X7, X7; \
	VUNPCKLPS X5, X4, X0; \
	VUNPCKHPS X5, X4, X1; \
	VUNPCKLPS X7, X6, X2; \
	VUNPCKHPS X7, X6, X3; \
	VMOVUPS   X0, (DI); \
	VMOVUPS   X1, 16(DI); \
	VMOVUPS   X2, (R9); \
	VMOVUPS   X3, 16(R9)

// func poolScatterPlane4AVX2(win *uint8, gp, d *float32, rows, cols, ld int)
// is poolScatterPlaneAVX2 for rows of 4 to 8 windows (the sets use it for
// 4 to 7): the first four of each row and the last four, which overlap
// where cols < 8.
TEXT ·poolScatterPlane4AVX2(SB), NOSPLIT, $0-48
	MOVQ win+0(FP), R11
	MOVQ gp+8(FP), R12
	MOVQ d+16(FP), R13
	MOVQ rows+24(FP), BX
	MOVQ cols+32(FP), SI
	SCATTER_CONSTS
	MOVQ ld+40(FP), AX
	SHLQ $2, AX         // a row of d in bytes
	LEAQ -4(SI), DX     // the first of the last four windows

frow:
	TESTQ BX, BX
	JZ    fdone
	MOVQ  R11, R8
	MOVQ  R12, R10
	MOVQ  R13, DI
	LEAQ  (R13)(AX*1), R9
	SCATTER4
	LEAQ  (R11)(DX*1), R8
	LEAQ  (R12)(DX*4), R10
	LEAQ  (R13)(DX*8), DI
	LEAQ  (DI)(AX*1), R9
	SCATTER4
	ADDQ  SI, R11
	LEAQ  (R12)(SI*4), R12
	LEAQ  (R13)(AX*2), R13
	DECQ  BX
	JMP   frow

fdone:
	VZEROUPPER
	RET

// func poolScatterPlaneAVX2(win *uint8, gp, d *float32, rows, cols, ld int)
// scatters rows rows of cols windows (cols >= 8): window row r at win and
// gp plus r·cols, output rows 2r and 2r+1 at d plus 2r·ld and (2r+1)·ld
// floats. Each row's last block of eight is moved back to end the row.
TEXT ·poolScatterPlaneAVX2(SB), NOSPLIT, $0-48
	MOVQ win+0(FP), R11
	MOVQ gp+8(FP), R12
	MOVQ d+16(FP), R13
	MOVQ rows+24(FP), BX
	MOVQ cols+32(FP), SI
	SCATTER_CONSTS
	MOVQ ld+40(FP), AX
	SHLQ $2, AX         // a row of d in bytes

prow:
	TESTQ BX, BX
	JZ    pdone
	MOVQ  R11, R8
	MOVQ  R12, R10
	MOVQ  R13, DI
	LEAQ  (R13)(AX*1), R9
	MOVQ  SI, CX

pblock:
	CMPQ CX, $8
	JLT  ptail
	SCATTER8
	ADDQ $8, R8
	ADDQ $32, R10
	ADDQ $64, DI
	ADDQ $64, R9
	SUBQ $8, CX
	JMP  pblock

ptail:
	TESTQ CX, CX
	JZ    pnext
	// back by 8-CX windows: the last eight of the row
	MOVQ  $8, DX
	SUBQ  CX, DX
	SUBQ  DX, R8
	SHLQ  $2, DX
	SUBQ  DX, R10
	SHLQ  $1, DX
	SUBQ  DX, DI
	SUBQ  DX, R9
	SCATTER8

pnext:
	ADDQ SI, R11
	LEAQ (R12)(SI*4), R12
	LEAQ (R13)(AX*2), R13
	DECQ BX
	JMP  prow

pdone:
	VZEROUPPER
	RET
