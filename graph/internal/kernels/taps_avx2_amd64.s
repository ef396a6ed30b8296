//go:build !purego

#include "textflag.h"

// func tapsAVX2(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)
// y[p] += Σ_t w[t]·x[offs[t]+p] for p < n, where n is a multiple of 16:
// 64 outputs in eight accumulators over all the taps, then 16 at a time.
TEXT ·tapsAVX2(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ x+16(FP), SI
	MOVQ offs+24(FP), R8
	MOVQ w+32(FP), R9
	MOVQ ntaps+40(FP), R10

block64:
	CMPQ    CX, $64
	JLT     block16
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7
	XORQ    R11, R11

tap64:
	CMPQ         R11, R10
	JGE          store64
	MOVLQSX      (R8)(R11*4), R12
	VBROADCASTSS (R9)(R11*4), Y8
	LEAQ         (SI)(R12*4), R13
	VFMADD231PS  (R13), Y8, Y0
	VFMADD231PS  32(R13), Y8, Y1
	VFMADD231PS  64(R13), Y8, Y2
	VFMADD231PS  96(R13), Y8, Y3
	VFMADD231PS  128(R13), Y8, Y4
	VFMADD231PS  160(R13), Y8, Y5
	VFMADD231PS  192(R13), Y8, Y6
	VFMADD231PS  224(R13), Y8, Y7
	INCQ         R11
	JMP          tap64

store64:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	ADDQ    $256, DI
	ADDQ    $256, SI
	SUBQ    $64, CX
	JMP     block64

block16:
	CMPQ    CX, $16
	JLT     done
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	XORQ    R11, R11

tap16:
	CMPQ         R11, R10
	JGE          store16
	MOVLQSX      (R8)(R11*4), R12
	VBROADCASTSS (R9)(R11*4), Y8
	LEAQ         (SI)(R12*4), R13
	VFMADD231PS  (R13), Y8, Y0
	VFMADD231PS  32(R13), Y8, Y1
	INCQ         R11
	JMP          tap16

store16:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    $64, DI
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     block16

done:
	VZEROUPPER
	RET

// func taps4AVX2(y *float32, ys, n int, x *float32, offs *int32, w *float32, ws, ntaps int, set bool)
// For the four outputs o < 4, y[o·ys+p] += Σ_t w[o·ws+t]·x[offs[t]+p] for
// p < n (n a multiple of 16, ntaps > 0; strides in bytes), or = when set
// is true: 24 outputs of
// each plane in twelve accumulators, each input vector serving four
// planes, so that seven loads feed twelve multiply-adds; the last 16 or
// 32 outputs, when 24 does not divide n, 16 at a time in eight.
TEXT ·taps4AVX2(SB), NOSPLIT, $0-65
	MOVQ y+0(FP), DI
	MOVQ ys+8(FP), AX
	MOVQ n+16(FP), CX
	MOVQ x+24(FP), SI
	MOVQ offs+32(FP), R8
	MOVQ w+40(FP), R9
	MOVQ ws+48(FP), BX
	MOVQ ntaps+56(FP), R10
	LEAQ (AX)(AX*2), DX
	LEAQ (R9)(BX*1), R14
	LEAQ (R9)(BX*2), R15
	LEAQ (R14)(BX*2), BX

b24:
	// n is a multiple of 16: when n mod 24 is 8, the last 32 go 16 at a
	// time
	CMPQ    CX, $32
	JEQ     b16
	CMPQ    CX, $24
	JLT     b16
	CMPB    set+64(FP), $0
	JNE     z24
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS (DI)(AX*1), Y3
	VMOVUPS 32(DI)(AX*1), Y4
	VMOVUPS 64(DI)(AX*1), Y5
	VMOVUPS (DI)(AX*2), Y6
	VMOVUPS 32(DI)(AX*2), Y7
	VMOVUPS 64(DI)(AX*2), Y8
	VMOVUPS (DI)(DX*1), Y9
	VMOVUPS 32(DI)(DX*1), Y10
	VMOVUPS 64(DI)(DX*1), Y11
	JMP     s24

z24:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

s24:
	XORQ    R11, R11

t24:
	MOVLQSX      (R8)(R11*4), R12
	LEAQ         (SI)(R12*4), R13
	VMOVUPS      (R13), Y12
	VMOVUPS      32(R13), Y13
	VMOVUPS      64(R13), Y14
	VBROADCASTSS (R9)(R11*4), Y15
	VFMADD231PS  Y12, Y15, Y0
	VFMADD231PS  Y13, Y15, Y1
	VFMADD231PS  Y14, Y15, Y2
	VBROADCASTSS (R14)(R11*4), Y15
	VFMADD231PS  Y12, Y15, Y3
	VFMADD231PS  Y13, Y15, Y4
	VFMADD231PS  Y14, Y15, Y5
	VBROADCASTSS (R15)(R11*4), Y15
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  Y13, Y15, Y7
	VFMADD231PS  Y14, Y15, Y8
	VBROADCASTSS (BX)(R11*4), Y15
	VFMADD231PS  Y12, Y15, Y9
	VFMADD231PS  Y13, Y15, Y10
	VFMADD231PS  Y14, Y15, Y11
	INCQ         R11
	CMPQ         R11, R10
	JLT          t24
	VMOVUPS      Y0, (DI)
	VMOVUPS      Y1, 32(DI)
	VMOVUPS      Y2, 64(DI)
	VMOVUPS      Y3, (DI)(AX*1)
	VMOVUPS      Y4, 32(DI)(AX*1)
	VMOVUPS      Y5, 64(DI)(AX*1)
	VMOVUPS      Y6, (DI)(AX*2)
	VMOVUPS      Y7, 32(DI)(AX*2)
	VMOVUPS      Y8, 64(DI)(AX*2)
	VMOVUPS      Y9, (DI)(DX*1)
	VMOVUPS      Y10, 32(DI)(DX*1)
	VMOVUPS      Y11, 64(DI)(DX*1)
	ADDQ         $96, DI
	ADDQ         $96, SI
	SUBQ         $24, CX
	JMP          b24

b16:
	CMPQ    CX, $16
	JLT     done4
	CMPB    set+64(FP), $0
	JNE     z16
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS (DI)(AX*1), Y2
	VMOVUPS 32(DI)(AX*1), Y3
	VMOVUPS (DI)(AX*2), Y4
	VMOVUPS 32(DI)(AX*2), Y5
	VMOVUPS (DI)(DX*1), Y6
	VMOVUPS 32(DI)(DX*1), Y7
	JMP     s16

z16:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

s16:
	XORQ    R11, R11

t16:
	MOVLQSX      (R8)(R11*4), R12
	LEAQ         (SI)(R12*4), R13
	VMOVUPS      (R13), Y8
	VMOVUPS      32(R13), Y9
	VBROADCASTSS (R9)(R11*4), Y10
	VBROADCASTSS (R14)(R11*4), Y11
	VBROADCASTSS (R15)(R11*4), Y12
	VBROADCASTSS (BX)(R11*4), Y13
	VFMADD231PS  Y8, Y10, Y0
	VFMADD231PS  Y9, Y10, Y1
	VFMADD231PS  Y8, Y11, Y2
	VFMADD231PS  Y9, Y11, Y3
	VFMADD231PS  Y8, Y12, Y4
	VFMADD231PS  Y9, Y12, Y5
	VFMADD231PS  Y8, Y13, Y6
	VFMADD231PS  Y9, Y13, Y7
	INCQ         R11
	CMPQ         R11, R10
	JLT          t16
	VMOVUPS      Y0, (DI)
	VMOVUPS      Y1, 32(DI)
	VMOVUPS      Y2, (DI)(AX*1)
	VMOVUPS      Y3, 32(DI)(AX*1)
	VMOVUPS      Y4, (DI)(AX*2)
	VMOVUPS      Y5, 32(DI)(AX*2)
	VMOVUPS      Y6, (DI)(DX*1)
	VMOVUPS      Y7, 32(DI)(DX*1)
	ADDQ         $64, DI
	ADDQ         $64, SI
	SUBQ         $16, CX
	JMP          b16

done4:
	VZEROUPPER
	RET

// func dotsAVX2(acc *float32, gy *float32, n int, x *float32, offs *int32, ntaps int)
// For every tap t, acc[16t:16t+16] += lane sums over p < n of
// g[p]·x[offs[t]+p]; n is a multiple of 16. The caller adds the lanes.
TEXT ·dotsAVX2(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ gy+8(FP), DX
	MOVQ n+16(FP), CX
	MOVQ x+24(FP), SI
	MOVQ offs+32(FP), R8
	MOVQ ntaps+40(FP), R10

tap:
	TESTQ   R10, R10
	JE      dotsdone
	MOVLQSX (R8), R12
	LEAQ    (SI)(R12*4), R13
	MOVQ    DX, R14
	MOVQ    CX, R15
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3

dot32:
	CMPQ        R15, $32
	JLT         dot16
	VMOVUPS     (R14), Y4
	VMOVUPS     32(R14), Y5
	VMOVUPS     64(R14), Y6
	VMOVUPS     96(R14), Y7
	VFMADD231PS (R13), Y4, Y0
	VFMADD231PS 32(R13), Y5, Y1
	VFMADD231PS 64(R13), Y6, Y2
	VFMADD231PS 96(R13), Y7, Y3
	ADDQ        $128, R14
	ADDQ        $128, R13
	SUBQ        $32, R15
	JMP         dot32

dot16:
	CMPQ        R15, $16
	JLT         reduce
	VMOVUPS     (R14), Y4
	VMOVUPS     32(R14), Y5
	VFMADD231PS (R13), Y4, Y0
	VFMADD231PS 32(R13), Y5, Y1
	ADDQ        $64, R14
	ADDQ        $64, R13
	SUBQ        $16, R15
	JMP         dot16

reduce:
	VADDPS  Y2, Y0, Y0
	VADDPS  Y3, Y1, Y1
	VADDPS  (DI), Y0, Y0
	VADDPS  32(DI), Y1, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    $64, DI
	ADDQ    $4, R8
	DECQ    R10
	JMP     tap

dotsdone:
	VZEROUPPER
	RET

// func dots3AVX2(acc *float32, gy *float32, n int, x *float32, o0, o1, o2 int)
// dotsAVX2 for the three taps at offsets o0, o1 and o2: each vector of gy
// loaded serves three taps. acc holds 3·16 lane sums.
TEXT ·dots3AVX2(SB), NOSPLIT, $0-56
	MOVQ   acc+0(FP), DI
	MOVQ   gy+8(FP), DX
	MOVQ   n+16(FP), CX
	MOVQ   x+24(FP), SI
	MOVQ   o0+32(FP), R13
	LEAQ   (SI)(R13*4), R13
	MOVQ   o1+40(FP), R14
	LEAQ   (SI)(R14*4), R14
	MOVQ   o2+48(FP), R15
	LEAQ   (SI)(R15*4), R15
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

d3x32:
	CMPQ        CX, $32
	JLT         d3x16
	VMOVUPS     (DX), Y12
	VMOVUPS     32(DX), Y13
	VMOVUPS     64(DX), Y14
	VMOVUPS     96(DX), Y15
	VFMADD231PS (R13), Y12, Y0
	VFMADD231PS 32(R13), Y13, Y1
	VFMADD231PS 64(R13), Y14, Y2
	VFMADD231PS 96(R13), Y15, Y3
	VFMADD231PS (R14), Y12, Y4
	VFMADD231PS 32(R14), Y13, Y5
	VFMADD231PS 64(R14), Y14, Y6
	VFMADD231PS 96(R14), Y15, Y7
	VFMADD231PS (R15), Y12, Y8
	VFMADD231PS 32(R15), Y13, Y9
	VFMADD231PS 64(R15), Y14, Y10
	VFMADD231PS 96(R15), Y15, Y11
	ADDQ        $128, DX
	ADDQ        $128, R13
	ADDQ        $128, R14
	ADDQ        $128, R15
	SUBQ        $32, CX
	JMP         d3x32

d3x16:
	CMPQ        CX, $16
	JLT         d3red
	VMOVUPS     (DX), Y12
	VMOVUPS     32(DX), Y13
	VFMADD231PS (R13), Y12, Y0
	VFMADD231PS 32(R13), Y13, Y1
	VFMADD231PS (R14), Y12, Y4
	VFMADD231PS 32(R14), Y13, Y5
	VFMADD231PS (R15), Y12, Y8
	VFMADD231PS 32(R15), Y13, Y9
	ADDQ        $64, DX
	ADDQ        $64, R13
	ADDQ        $64, R14
	ADDQ        $64, R15
	SUBQ        $16, CX
	JMP         d3x16

d3red:
	VADDPS  Y2, Y0, Y0
	VADDPS  Y3, Y1, Y1
	VADDPS  (DI), Y0, Y0
	VADDPS  32(DI), Y1, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VADDPS  Y6, Y4, Y4
	VADDPS  Y7, Y5, Y5
	VADDPS  64(DI), Y4, Y4
	VADDPS  96(DI), Y5, Y5
	VMOVUPS Y4, 64(DI)
	VMOVUPS Y5, 96(DI)
	VADDPS  Y10, Y8, Y8
	VADDPS  Y11, Y9, Y9
	VADDPS  128(DI), Y8, Y8
	VADDPS  160(DI), Y9, Y9
	VMOVUPS Y8, 128(DI)
	VMOVUPS Y9, 160(DI)
	VZEROUPPER
	RET

// func dotsTileAVX2(part *float32, ldp, outs int, gy *float32, gs, n int, x *float32, o0, o1, o2 int)
// For the three taps at offsets o0, o1 and o2 and every output o < outs
// (a multiple of 4), part[t·ldp+o] += Σ_{p<n} gy[o·gs+p]·x[ot+p], n a
// positive multiple of 8, strides ldp and gs in bytes: four outputs by
// three taps in twelve accumulators, each loaded vector of x serving four
// outputs and each of gy three taps, seven loads to twelve multiply-adds.
// Each accumulator's eight lanes are summed in a fixed order at the end.
TEXT ·dotsTileAVX2(SB), NOSPLIT, $0-80
	MOVQ part+0(FP), DI
	MOVQ ldp+8(FP), AX
	MOVQ outs+16(FP), CX
	MOVQ gy+24(FP), DX
	MOVQ gs+32(FP), R8
	MOVQ n+40(FP), R12
	SHLQ $2, R12
	MOVQ x+48(FP), SI
	MOVQ o0+56(FP), R13
	LEAQ (SI)(R13*4), R13
	MOVQ o1+64(FP), R14
	LEAQ (SI)(R14*4), R14
	MOVQ o2+72(FP), R15
	LEAQ (SI)(R15*4), R15
	LEAQ (DX)(R8*1), BX
	LEAQ (DX)(R8*2), R9
	LEAQ (BX)(R8*2), R10
	SHLQ $2, R8

quad:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	XORQ   R11, R11

pos:
	VMOVUPS     (R13)(R11*1), Y12
	VMOVUPS     (R14)(R11*1), Y13
	VMOVUPS     (R15)(R11*1), Y14
	VMOVUPS     (DX)(R11*1), Y15
	VFMADD231PS Y12, Y15, Y0
	VFMADD231PS Y13, Y15, Y4
	VFMADD231PS Y14, Y15, Y8
	VMOVUPS     (BX)(R11*1), Y15
	VFMADD231PS Y12, Y15, Y1
	VFMADD231PS Y13, Y15, Y5
	VFMADD231PS Y14, Y15, Y9
	VMOVUPS     (R9)(R11*1), Y15
	VFMADD231PS Y12, Y15, Y2
	VFMADD231PS Y13, Y15, Y6
	VFMADD231PS Y14, Y15, Y10
	VMOVUPS     (R10)(R11*1), Y15
	VFMADD231PS Y12, Y15, Y3
	VFMADD231PS Y13, Y15, Y7
	VFMADD231PS Y14, Y15, Y11
	ADDQ        $32, R11
	CMPQ        R11, R12
	JLT         pos

	// the lane sums of the four outputs of each tap, in one xmm
	VHADDPS      Y1, Y0, Y0
	VHADDPS      Y3, Y2, Y2
	VHADDPS      Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VADDPS       (DI), X0, X0
	VMOVUPS      X0, (DI)
	VHADDPS      Y5, Y4, Y4
	VHADDPS      Y7, Y6, Y6
	VHADDPS      Y6, Y4, Y4
	VEXTRACTF128 $1, Y4, X5
	VADDPS       X5, X4, X4
	VADDPS       (DI)(AX*1), X4, X4
	VMOVUPS      X4, (DI)(AX*1)
	VHADDPS      Y9, Y8, Y8
	VHADDPS      Y11, Y10, Y10
	VHADDPS      Y10, Y8, Y8
	VEXTRACTF128 $1, Y8, X9
	VADDPS       X9, X8, X8
	VADDPS       (DI)(AX*2), X8, X8
	VMOVUPS      X8, (DI)(AX*2)
	ADDQ         $16, DI
	ADDQ         R8, DX
	ADDQ         R8, BX
	ADDQ         R8, R9
	ADDQ         R8, R10
	SUBQ         $4, CX
	JNZ          quad
	VZEROUPPER
	RET
