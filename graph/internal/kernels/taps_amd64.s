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
