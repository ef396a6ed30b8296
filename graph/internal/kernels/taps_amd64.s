//go:build !purego

#include "textflag.h"

// func tapsAVX512(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)
// y[p] += Σ_t w[t]·x[offs[t]+p] for p < n, where n is a multiple of 16.
TEXT ·tapsAVX512(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ x+16(FP), SI
	MOVQ offs+24(FP), R8
	MOVQ w+32(FP), R9
	MOVQ ntaps+40(FP), R10

block128:
	CMPQ    CX, $128
	JLT     block16
	VMOVUPS (DI), Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 192(DI), Z3
	VMOVUPS 256(DI), Z4
	VMOVUPS 320(DI), Z5
	VMOVUPS 384(DI), Z6
	VMOVUPS 448(DI), Z7
	XORQ    R11, R11

tap128:
	CMPQ         R11, R10
	JGE          store128
	MOVLQSX      (R8)(R11*4), R12
	VBROADCASTSS (R9)(R11*4), Z8
	LEAQ         (SI)(R12*4), R13
	VFMADD231PS  (R13), Z8, Z0
	VFMADD231PS  64(R13), Z8, Z1
	VFMADD231PS  128(R13), Z8, Z2
	VFMADD231PS  192(R13), Z8, Z3
	VFMADD231PS  256(R13), Z8, Z4
	VFMADD231PS  320(R13), Z8, Z5
	VFMADD231PS  384(R13), Z8, Z6
	VFMADD231PS  448(R13), Z8, Z7
	INCQ         R11
	JMP          tap128

store128:
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	VMOVUPS Z4, 256(DI)
	VMOVUPS Z5, 320(DI)
	VMOVUPS Z6, 384(DI)
	VMOVUPS Z7, 448(DI)
	ADDQ    $512, DI
	ADDQ    $512, SI
	SUBQ    $128, CX
	JMP     block128

block16:
	CMPQ    CX, $16
	JLT     done
	VMOVUPS (DI), Z0
	XORQ    R11, R11

tap16:
	CMPQ         R11, R10
	JGE          store16
	MOVLQSX      (R8)(R11*4), R12
	VBROADCASTSS (R9)(R11*4), Z8
	VFMADD231PS  (SI)(R12*4), Z8, Z0
	INCQ         R11
	JMP          tap16

store16:
	VMOVUPS Z0, (DI)
	ADDQ    $64, DI
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     block16

done:
	VZEROUPPER
	RET

// func dotsAVX512(acc *float32, gy *float32, n int, x *float32, offs *int32, ntaps int)
// For every tap t, acc[16t:16t+16] += the lane-wise sums over p < n of
// g[p]·x[offs[t]+p]; n is a multiple of 16. The caller adds the lanes.
TEXT ·dotsAVX512(SB), NOSPLIT, $0-48
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
	VXORPS  Z0, Z0, Z0
	VXORPS  Z1, Z1, Z1
	VXORPS  Z2, Z2, Z2
	VXORPS  Z3, Z3, Z3

dot64:
	CMPQ        R15, $64
	JLT         dot16
	VMOVUPS     (R14), Z4
	VMOVUPS     64(R14), Z5
	VMOVUPS     128(R14), Z6
	VMOVUPS     192(R14), Z7
	VFMADD231PS (R13), Z4, Z0
	VFMADD231PS 64(R13), Z5, Z1
	VFMADD231PS 128(R13), Z6, Z2
	VFMADD231PS 192(R13), Z7, Z3
	ADDQ        $256, R14
	ADDQ        $256, R13
	SUBQ        $64, R15
	JMP         dot64

dot16:
	CMPQ        R15, $16
	JLT         reduce
	VMOVUPS     (R14), Z4
	VFMADD231PS (R13), Z4, Z0
	ADDQ        $64, R14
	ADDQ        $64, R13
	SUBQ        $16, R15
	JMP         dot16

reduce:
	VADDPS  Z1, Z0, Z0
	VADDPS  Z3, Z2, Z2
	VADDPS  Z2, Z0, Z0
	VADDPS  (DI), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, DI
	ADDQ    $4, R8
	DECQ    R10
	JMP     tap

dotsdone:
	VZEROUPPER
	RET

// func dots3AVX512(acc *float32, gy *float32, n int, x *float32, o0, o1, o2 int)
// dotsAVX512 for the three taps at offsets o0, o1 and o2: each vector of gy
// loaded serves three taps. acc holds 3·16 lane sums.
TEXT ·dots3AVX512(SB), NOSPLIT, $0-56
	MOVQ acc+0(FP), DI
	MOVQ gy+8(FP), DX
	MOVQ n+16(FP), CX
	MOVQ x+24(FP), SI
	MOVQ o0+32(FP), R13
	LEAQ (SI)(R13*4), R13
	MOVQ o1+40(FP), R14
	LEAQ (SI)(R14*4), R14
	MOVQ o2+48(FP), R15
	LEAQ (SI)(R15*4), R15
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	VXORPS Z8, Z8, Z8
	VXORPS Z9, Z9, Z9
	VXORPS Z10, Z10, Z10
	VXORPS Z11, Z11, Z11

d3x64:
	CMPQ CX, $64
	JLT  d3x16
	VMOVUPS (DX), Z12
	VMOVUPS 64(DX), Z13
	VMOVUPS 128(DX), Z14
	VMOVUPS 192(DX), Z15
	VFMADD231PS (R13), Z12, Z0
	VFMADD231PS 64(R13), Z13, Z1
	VFMADD231PS 128(R13), Z14, Z2
	VFMADD231PS 192(R13), Z15, Z3
	VFMADD231PS (R14), Z12, Z4
	VFMADD231PS 64(R14), Z13, Z5
	VFMADD231PS 128(R14), Z14, Z6
	VFMADD231PS 192(R14), Z15, Z7
	VFMADD231PS (R15), Z12, Z8
	VFMADD231PS 64(R15), Z13, Z9
	VFMADD231PS 128(R15), Z14, Z10
	VFMADD231PS 192(R15), Z15, Z11
	ADDQ $256, DX
	ADDQ $256, R13
	ADDQ $256, R14
	ADDQ $256, R15
	SUBQ $64, CX
	JMP  d3x64

d3x16:
	CMPQ CX, $16
	JLT  d3red
	VMOVUPS (DX), Z12
	VFMADD231PS (R13), Z12, Z0
	VFMADD231PS (R14), Z12, Z4
	VFMADD231PS (R15), Z12, Z8
	ADDQ $64, DX
	ADDQ $64, R13
	ADDQ $64, R14
	ADDQ $64, R15
	SUBQ $16, CX
	JMP  d3x16

d3red:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VADDPS (DI), Z0, Z0
	VMOVUPS Z0, (DI)
	VADDPS Z5, Z4, Z4
	VADDPS Z7, Z6, Z6
	VADDPS Z6, Z4, Z4
	VADDPS 64(DI), Z4, Z4
	VMOVUPS Z4, 64(DI)
	VADDPS Z9, Z8, Z8
	VADDPS Z11, Z10, Z10
	VADDPS Z10, Z8, Z8
	VADDPS 128(DI), Z8, Z8
	VMOVUPS Z8, 128(DI)
	VZEROUPPER
	RET

// func dotsTileAVX512(part *float32, ldp, outs int, gy *float32, gs, n int, x *float32, o0, o1, o2 int)
// dotsTileAVX2 on sixteen lanes, n a positive multiple of 16: each
// accumulator's upper eight lanes are added to its lower eight, which are
// then summed as dotsTileAVX2 sums them.
TEXT ·dotsTileAVX512(SB), NOSPLIT, $0-80
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
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	VXORPS Z8, Z8, Z8
	VXORPS Z9, Z9, Z9
	VXORPS Z10, Z10, Z10
	VXORPS Z11, Z11, Z11
	XORQ   R11, R11

pos:
	VMOVUPS     (R13)(R11*1), Z12
	VMOVUPS     (R14)(R11*1), Z13
	VMOVUPS     (R15)(R11*1), Z14
	VMOVUPS     (DX)(R11*1), Z15
	VFMADD231PS Z12, Z15, Z0
	VFMADD231PS Z13, Z15, Z4
	VFMADD231PS Z14, Z15, Z8
	VMOVUPS     (BX)(R11*1), Z15
	VFMADD231PS Z12, Z15, Z1
	VFMADD231PS Z13, Z15, Z5
	VFMADD231PS Z14, Z15, Z9
	VMOVUPS     (R9)(R11*1), Z15
	VFMADD231PS Z12, Z15, Z2
	VFMADD231PS Z13, Z15, Z6
	VFMADD231PS Z14, Z15, Z10
	VMOVUPS     (R10)(R11*1), Z15
	VFMADD231PS Z12, Z15, Z3
	VFMADD231PS Z13, Z15, Z7
	VFMADD231PS Z14, Z15, Z11
	ADDQ        $64, R11
	CMPQ        R11, R12
	JLT         pos

	// the sixteen lanes folded to eight, then summed as dotsTileAVX2 sums them
	VEXTRACTF32X8 $1, Z0, Y16
	VADDPS        Y16, Y0, Y0
	VEXTRACTF32X8 $1, Z1, Y17
	VADDPS        Y17, Y1, Y1
	VEXTRACTF32X8 $1, Z2, Y18
	VADDPS        Y18, Y2, Y2
	VEXTRACTF32X8 $1, Z3, Y19
	VADDPS        Y19, Y3, Y3
	VEXTRACTF32X8 $1, Z4, Y20
	VADDPS        Y20, Y4, Y4
	VEXTRACTF32X8 $1, Z5, Y21
	VADDPS        Y21, Y5, Y5
	VEXTRACTF32X8 $1, Z6, Y22
	VADDPS        Y22, Y6, Y6
	VEXTRACTF32X8 $1, Z7, Y23
	VADDPS        Y23, Y7, Y7
	VEXTRACTF32X8 $1, Z8, Y24
	VADDPS        Y24, Y8, Y8
	VEXTRACTF32X8 $1, Z9, Y25
	VADDPS        Y25, Y9, Y9
	VEXTRACTF32X8 $1, Z10, Y26
	VADDPS        Y26, Y10, Y10
	VEXTRACTF32X8 $1, Z11, Y27
	VADDPS        Y27, Y11, Y11
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
