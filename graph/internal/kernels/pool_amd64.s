//go:build !purego

#include "textflag.h"

// CHUNK_MASKS sets, for a chunk of min(CX, 16) outputs, K1 to its output
// lanes and K2, K3 to its 2·min(CX, 16) inputs in the first and second 16
// lanes. It uses AX and R11 to R15.
#define CHUNK_MASKS \
	MOVQ    $16, R15; \
	MOVQ    CX, R12; \
	CMPQ    R12, R15; \
	CMOVQGT R15, R12; \
	MOVQ    $1, R11; \
	SHLXQ   R12, R11, AX; \
	DECQ    AX; \
	KMOVW   AX, K1; \
	LEAQ    (R12)(R12*1), R13; \
	MOVQ    R13, R14; \
	CMPQ    R14, R15; \
	CMOVQGT R15, R14; \
	SHLXQ   R14, R11, AX; \
	DECQ    AX; \
	KMOVW   AX, K2; \
	SUBQ    R15, R13; \
	XORQ    R14, R14; \
	CMPQ    R13, R14; \
	CMOVQLT R14, R13; \
	SHLXQ   R13, R11, AX; \
	DECQ    AX; \
	KMOVW   AX, K3

// WINNERS_2X2 sets the masks K4-K7 to the lanes whose window's first
// maximum Z8 is its top left (Z4), top right (Z5), bottom left (Z6) or
// bottom right cell, the first of equals as argmax2x2 takes it.
#define WINNERS_2X2 \
	VCMPPS      $0, Z8, Z4, K4; \
	VCMPPS      $0, Z8, Z5, K5; \
	VCMPPS      $0, Z8, Z6, K6; \
	KANDNW      K5, K4, K5; \
	KORW        K4, K5, K7; \
	KANDNW      K6, K7, K6; \
	KORW        K6, K7, K7; \
	KNOTW       K7, K7

// SCATTER_2X2 writes the gradients Z10 of sixteen windows to the cells
// the masks K4-K7 name and zero to the others: the top rows at DI, the
// bottom ones at R9, under the input masks K2 and K3.
#define SCATTER_2X2 \
	VMOVUPS.Z   Z10, K4, Z11; \
	VMOVUPS.Z   Z10, K5, Z12; \
	VMOVUPS.Z   Z10, K6, Z13; \
	VMOVUPS.Z   Z10, K7, Z14; \
	VMOVAPS     Z11, Z15; \
	VPERMT2PS   Z12, Z22, Z15; \
	VMOVAPS     Z11, Z16; \
	VPERMT2PS   Z12, Z23, Z16; \
	VMOVUPS     Z15, K2, (DI); \
	VMOVUPS     Z16, K3, 64(DI); \
	VMOVAPS     Z13, Z15; \
	VPERMT2PS   Z14, Z22, Z15; \
	VMOVAPS     Z13, Z16; \
	VPERMT2PS   Z14, Z23, Z16; \
	VMOVUPS     Z15, K2, (R9); \
	VMOVUPS     Z16, K3, 64(R9)

DATA poolIdx<>+0(SB)/4, $0
DATA poolIdx<>+4(SB)/4, $2
DATA poolIdx<>+8(SB)/4, $4
DATA poolIdx<>+12(SB)/4, $6
DATA poolIdx<>+16(SB)/4, $8
DATA poolIdx<>+20(SB)/4, $10
DATA poolIdx<>+24(SB)/4, $12
DATA poolIdx<>+28(SB)/4, $14
DATA poolIdx<>+32(SB)/4, $16
DATA poolIdx<>+36(SB)/4, $18
DATA poolIdx<>+40(SB)/4, $20
DATA poolIdx<>+44(SB)/4, $22
DATA poolIdx<>+48(SB)/4, $24
DATA poolIdx<>+52(SB)/4, $26
DATA poolIdx<>+56(SB)/4, $28
DATA poolIdx<>+60(SB)/4, $30
DATA poolIdx<>+64(SB)/4, $1
DATA poolIdx<>+68(SB)/4, $3
DATA poolIdx<>+72(SB)/4, $5
DATA poolIdx<>+76(SB)/4, $7
DATA poolIdx<>+80(SB)/4, $9
DATA poolIdx<>+84(SB)/4, $11
DATA poolIdx<>+88(SB)/4, $13
DATA poolIdx<>+92(SB)/4, $15
DATA poolIdx<>+96(SB)/4, $17
DATA poolIdx<>+100(SB)/4, $19
DATA poolIdx<>+104(SB)/4, $21
DATA poolIdx<>+108(SB)/4, $23
DATA poolIdx<>+112(SB)/4, $25
DATA poolIdx<>+116(SB)/4, $27
DATA poolIdx<>+120(SB)/4, $29
DATA poolIdx<>+124(SB)/4, $31
DATA poolIdx<>+128(SB)/4, $0
DATA poolIdx<>+132(SB)/4, $16
DATA poolIdx<>+136(SB)/4, $1
DATA poolIdx<>+140(SB)/4, $17
DATA poolIdx<>+144(SB)/4, $2
DATA poolIdx<>+148(SB)/4, $18
DATA poolIdx<>+152(SB)/4, $3
DATA poolIdx<>+156(SB)/4, $19
DATA poolIdx<>+160(SB)/4, $4
DATA poolIdx<>+164(SB)/4, $20
DATA poolIdx<>+168(SB)/4, $5
DATA poolIdx<>+172(SB)/4, $21
DATA poolIdx<>+176(SB)/4, $6
DATA poolIdx<>+180(SB)/4, $22
DATA poolIdx<>+184(SB)/4, $7
DATA poolIdx<>+188(SB)/4, $23
DATA poolIdx<>+192(SB)/4, $8
DATA poolIdx<>+196(SB)/4, $24
DATA poolIdx<>+200(SB)/4, $9
DATA poolIdx<>+204(SB)/4, $25
DATA poolIdx<>+208(SB)/4, $10
DATA poolIdx<>+212(SB)/4, $26
DATA poolIdx<>+216(SB)/4, $11
DATA poolIdx<>+220(SB)/4, $27
DATA poolIdx<>+224(SB)/4, $12
DATA poolIdx<>+228(SB)/4, $28
DATA poolIdx<>+232(SB)/4, $13
DATA poolIdx<>+236(SB)/4, $29
DATA poolIdx<>+240(SB)/4, $14
DATA poolIdx<>+244(SB)/4, $30
DATA poolIdx<>+248(SB)/4, $15
DATA poolIdx<>+252(SB)/4, $31
GLOBL poolIdx<>(SB), RODATA|NOPTR, $256

// func pair2x2RowAVX512(r0, r1, out *float32, cols int, sum bool)
// out[j] = max(r0[2j], r0[2j+1], r1[2j], r1[2j+1]) for j < cols, or their
// sum when sum is set: a 2x2 max-pooling row, or an upsampling-gradient row.
TEXT ·pair2x2RowAVX512(SB), NOSPLIT, $0-33
	MOVQ    r0+0(FP), SI
	MOVQ    r1+8(FP), DX
	MOVQ    out+16(FP), DI
	MOVQ    cols+24(FP), CX
	MOVBLZX sum+32(FP), R8
	VMOVUPS poolIdx<>+0(SB), Z20
	VMOVUPS poolIdx<>+64(SB), Z21

floop:
	TESTQ CX, CX
	JLE   fdone
	CHUNK_MASKS
	VMOVUPS.Z   (SI), K2, Z0
	VMOVUPS.Z   64(SI), K3, Z1
	VMOVUPS.Z   (DX), K2, Z2
	VMOVUPS.Z   64(DX), K3, Z3
	TESTQ       R8, R8
	JNE         fsum
	VMAXPS      Z2, Z0, Z0
	VMAXPS      Z3, Z1, Z1
	VMOVAPS     Z0, Z4
	VPERMT2PS   Z1, Z20, Z4
	VMOVAPS     Z0, Z5
	VPERMT2PS   Z1, Z21, Z5
	VMAXPS      Z5, Z4, Z4
	JMP         fstore

fsum:
	VADDPS      Z2, Z0, Z0
	VADDPS      Z3, Z1, Z1
	VMOVAPS     Z0, Z4
	VPERMT2PS   Z1, Z20, Z4
	VMOVAPS     Z0, Z5
	VPERMT2PS   Z1, Z21, Z5
	VADDPS      Z5, Z4, Z4

fstore:
	VMOVUPS     Z4, K1, (DI)
	ADDQ        $128, SI
	ADDQ        $128, DX
	ADDQ        $64, DI
	SUBQ        $16, CX
	JMP         floop

fdone:
	VZEROUPPER
	RET

// func maxPoolGrad2x2RowAVX512(r0, r1, gy, d0, d1 *float32, cols int)
// Sets d0[2j], d0[2j+1], d1[2j], d1[2j+1] to g[j] at the first of the
// four r values that is their maximum and to zero at the other three, for
// j < cols.
TEXT ·maxPoolGrad2x2RowAVX512(SB), NOSPLIT, $0-48
	MOVQ    r0+0(FP), SI
	MOVQ    r1+8(FP), DX
	MOVQ    gy+16(FP), R8
	MOVQ    d0+24(FP), DI
	MOVQ    d1+32(FP), R9
	MOVQ    cols+40(FP), CX
	VMOVUPS poolIdx<>+0(SB), Z20
	VMOVUPS poolIdx<>+64(SB), Z21
	VMOVUPS poolIdx<>+128(SB), Z22
	VMOVUPS poolIdx<>+192(SB), Z23

gloop:
	TESTQ CX, CX
	JLE   gdone
	CHUNK_MASKS
	VMOVUPS.Z   (SI), K2, Z0
	VMOVUPS.Z   64(SI), K3, Z1
	VMOVUPS.Z   (DX), K2, Z2
	VMOVUPS.Z   64(DX), K3, Z3
	VMOVAPS     Z0, Z4
	VPERMT2PS   Z1, Z20, Z4
	VMOVAPS     Z0, Z5
	VPERMT2PS   Z1, Z21, Z5
	VMOVAPS     Z2, Z6
	VPERMT2PS   Z3, Z20, Z6
	VMOVAPS     Z2, Z7
	VPERMT2PS   Z3, Z21, Z7
	VMAXPS      Z5, Z4, Z8
	VMAXPS      Z7, Z6, Z9
	VMAXPS      Z9, Z8, Z8
	WINNERS_2X2
	VMOVUPS.Z   (R8), K1, Z10
	SCATTER_2X2
	ADDQ        $128, SI
	ADDQ        $128, DX
	ADDQ        $64, R8
	ADDQ        $128, DI
	ADDQ        $128, R9
	SUBQ        $16, CX
	JMP         gloop

gdone:
	VZEROUPPER
	RET

// func upsample2x2RowAVX512(x, d0, d1 *float32, cols int)
// d0[2j] = d0[2j+1] = d1[2j] = d1[2j+1] = x[j] for j < cols.
TEXT ·upsample2x2RowAVX512(SB), NOSPLIT, $0-32
	MOVQ    x+0(FP), SI
	MOVQ    d0+8(FP), DI
	MOVQ    d1+16(FP), R9
	MOVQ    cols+24(FP), CX
	VMOVUPS poolIdx<>+128(SB), Z22
	VMOVUPS poolIdx<>+192(SB), Z23

vloop:
	TESTQ CX, CX
	JLE   vdone
	CHUNK_MASKS
	VMOVUPS.Z   (SI), K1, Z0
	VMOVAPS     Z0, Z1
	VPERMT2PS   Z0, Z22, Z1
	VMOVAPS     Z0, Z2
	VPERMT2PS   Z0, Z23, Z2
	VMOVUPS     Z1, K2, (DI)
	VMOVUPS     Z2, K3, 64(DI)
	VMOVUPS     Z1, K2, (R9)
	VMOVUPS     Z2, K3, 64(R9)
	ADDQ        $64, SI
	ADDQ        $128, DI
	ADDQ        $128, R9
	SUBQ        $16, CX
	JMP         vloop

vdone:
	VZEROUPPER
	RET

// func poolWinRowAVX512(r0, r1, y *float32, win *uint8, cols int, relu bool)
// y[j] = max(r0[2j], r0[2j+1], r1[2j], r1[2j+1]) as pair2x2RowAVX512
// computes it, and win[j] the index 0-3 of the first of the four that is
// the maximum, or 4 when relu is set and the maximum is not positive, for
// j < cols.
TEXT ·poolWinRowAVX512(SB), NOSPLIT, $0-41
	MOVQ         r0+0(FP), SI
	MOVQ         r1+8(FP), DX
	MOVQ         y+16(FP), DI
	MOVQ         win+24(FP), R8
	MOVQ         cols+32(FP), CX
	MOVBLZX      relu+40(FP), R9
	VMOVUPS      poolIdx<>+0(SB), Z20
	VMOVUPS      poolIdx<>+64(SB), Z21
	MOVL         $1, AX
	VPBROADCASTD AX, Z24
	MOVL         $2, AX
	VPBROADCASTD AX, Z25
	MOVL         $3, AX
	VPBROADCASTD AX, Z26
	MOVL         $4, AX
	VPBROADCASTD AX, Z27
	VXORPS       Z28, Z28, Z28

wloop:
	TESTQ CX, CX
	JLE   wdone
	CHUNK_MASKS
	VMOVUPS.Z   (SI), K2, Z0
	VMOVUPS.Z   64(SI), K3, Z1
	VMOVUPS.Z   (DX), K2, Z2
	VMOVUPS.Z   64(DX), K3, Z3
	VMAXPS      Z2, Z0, Z10
	VMAXPS      Z3, Z1, Z11
	VMOVAPS     Z10, Z12
	VPERMT2PS   Z11, Z20, Z12
	VMOVAPS     Z10, Z13
	VPERMT2PS   Z11, Z21, Z13
	VMAXPS      Z13, Z12, Z8
	VMOVAPS     Z0, Z4
	VPERMT2PS   Z1, Z20, Z4
	VMOVAPS     Z0, Z5
	VPERMT2PS   Z1, Z21, Z5
	VMOVAPS     Z2, Z6
	VPERMT2PS   Z3, Z20, Z6
	WINNERS_2X2
	VPXORD      Z17, Z17, Z17
	VMOVDQA32   Z24, K5, Z17
	VMOVDQA32   Z25, K6, Z17
	VMOVDQA32   Z26, K7, Z17
	TESTQ       R9, R9
	JE          wstore
	VCMPPS      $2, Z28, Z8, K2
	VMOVDQA32   Z27, K2, Z17

wstore:
	VMOVUPS     Z8, K1, (DI)
	VPMOVDB     Z17, K1, (R8)
	ADDQ        $128, SI
	ADDQ        $128, DX
	ADDQ        $64, DI
	ADDQ        $16, R8
	SUBQ        $16, CX
	JMP         wloop

wdone:
	VZEROUPPER
	RET

// func poolScatterRowAVX512(win *uint8, gp, d0, d1 *float32, cols int)
// Sets d0[2j], d0[2j+1], d1[2j], d1[2j+1] to g[j] at the cell win[j]
// names (0-3) and to zero at the others, all four for 4, for j < cols.
TEXT ·poolScatterRowAVX512(SB), NOSPLIT, $0-40
	MOVQ         win+0(FP), R8
	MOVQ         gp+8(FP), R10
	MOVQ         d0+16(FP), DI
	MOVQ         d1+24(FP), R9
	MOVQ         cols+32(FP), CX
	VMOVUPS      poolIdx<>+128(SB), Z22
	VMOVUPS      poolIdx<>+192(SB), Z23
	MOVL         $1, AX
	VPBROADCASTD AX, Z24
	MOVL         $2, AX
	VPBROADCASTD AX, Z25
	MOVL         $3, AX
	VPBROADCASTD AX, Z26
	VPXORD       Z28, Z28, Z28

sloop:
	TESTQ CX, CX
	JLE   sdone
	CHUNK_MASKS
	VPMOVZXBD.Z (R8), K1, Z17
	VMOVUPS.Z   (R10), K1, Z10
	VPCMPEQD    Z28, Z17, K4
	VPCMPEQD    Z24, Z17, K5
	VPCMPEQD    Z25, Z17, K6
	VPCMPEQD    Z26, Z17, K7
	SCATTER_2X2
	ADDQ        $16, R8
	ADDQ        $64, R10
	ADDQ        $128, DI
	ADDQ        $128, R9
	SUBQ        $16, CX
	JMP         sloop

sdone:
	VZEROUPPER
	RET
