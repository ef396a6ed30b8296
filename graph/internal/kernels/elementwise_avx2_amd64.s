//go:build !purego

#include "textflag.h"

// func reluGradAVX2(y, gy, out *float32, n int)
// out[i] = g[i] where y[i] > 0, else 0; n is a multiple of 8.
TEXT ·reluGradAVX2(SB), NOSPLIT, $0-32
	MOVQ   y+0(FP), SI
	MOVQ   gy+8(FP), DX
	MOVQ   out+16(FP), DI
	MOVQ   n+24(FP), CX
	VXORPS Y7, Y7, Y7

rg32:
	CMPQ    CX, $32
	JLT     rg8
	VCMPPS  $0x11, (SI), Y7, Y0
	VCMPPS  $0x11, 32(SI), Y7, Y1
	VCMPPS  $0x11, 64(SI), Y7, Y2
	VCMPPS  $0x11, 96(SI), Y7, Y3
	VANDPS  (DX), Y0, Y0
	VANDPS  32(DX), Y1, Y1
	VANDPS  64(DX), Y2, Y2
	VANDPS  96(DX), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     rg32

rg8:
	CMPQ    CX, $8
	JLT     rgdone
	VCMPPS  $0x11, (SI), Y7, Y0
	VANDPS  (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     rg8

rgdone:
	VZEROUPPER
	RET

// func biasActAVX2(x *float32, b float32, out *float32, n int, relu bool)
// out[i] = x[i] + b, or max(x[i] + b, 0) when relu; n is a multiple of 8.
TEXT ·biasActAVX2(SB), NOSPLIT, $0-33
	MOVQ         x+0(FP), SI
	VBROADCASTSS b+8(FP), Y6
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX
	MOVBLZX      relu+32(FP), AX
	VXORPS       Y7, Y7, Y7
	TESTQ        AX, AX
	JE           lin8

relu8:
	CMPQ    CX, $8
	JLT     badone
	VADDPS  (SI), Y6, Y0
	VMAXPS  Y0, Y7, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     relu8

lin8:
	CMPQ    CX, $8
	JLT     badone
	VADDPS  (SI), Y6, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     lin8

badone:
	VZEROUPPER
	RET

// func sumAVX2(x *float32, n int) float32
// The sum of x[:n]; n is a multiple of 8.
TEXT ·sumAVX2(SB), NOSPLIT, $0-20
	MOVQ   x+0(FP), SI
	MOVQ   n+8(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1

sum16:
	CMPQ   CX, $16
	JLT    sum8
	VADDPS (SI), Y0, Y0
	VADDPS 32(SI), Y1, Y1
	ADDQ   $64, SI
	SUBQ   $16, CX
	JMP    sum16

sum8:
	CMPQ   CX, $8
	JLT    sumdone
	VADDPS (SI), Y0, Y0
	ADDQ   $32, SI
	SUBQ   $8, CX
	JMP    sum8

sumdone:
	VADDPS       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X1, X1
	VADDPS       X1, X0, X0
	VPSHUFD      $1, X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+16(FP)
	VZEROUPPER
	RET

// func biasRowAVX2(x, b, out *float32, n int, relu bool)
// out[i] = x[i] + b[i], or max(x[i] + b[i], 0) when relu; n is a multiple
// of 8.
TEXT ·biasRowAVX2(SB), NOSPLIT, $0-33
	MOVQ    x+0(FP), SI
	MOVQ    b+8(FP), BX
	MOVQ    out+16(FP), DI
	MOVQ    n+24(FP), CX
	MOVBLZX relu+32(FP), AX
	VXORPS  Y7, Y7, Y7
	TESTQ   AX, AX
	JE      rowlin8

rowrelu8:
	CMPQ    CX, $8
	JLT     rowdone
	VMOVUPS (SI), Y0
	VADDPS  (BX), Y0, Y0
	VMAXPS  Y0, Y7, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     rowrelu8

rowlin8:
	CMPQ    CX, $8
	JLT     rowdone
	VMOVUPS (SI), Y0
	VADDPS  (BX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     rowlin8

rowdone:
	VZEROUPPER
	RET

// func copyRowsAVX2(dst *float32, ds int, src *float32, ss int, rows, cols int)
// Copies rows rows of cols values, cols ≥ 4, from src at a stride of ss
// bytes to dst at ds bytes, which must not overlap: eight values at a
// time and the last few as the row's last whole vector, read and written
// again in part.
TEXT ·copyRowsAVX2(SB), NOSPLIT, $0-48
	MOVQ  dst+0(FP), DI
	MOVQ  ds+8(FP), R8
	MOVQ  src+16(FP), SI
	MOVQ  ss+24(FP), R9
	MOVQ  rows+32(FP), CX
	MOVQ  cols+40(FP), R11
	SHLQ  $2, R11
	TESTQ CX, CX
	JE    crdone
	CMPQ  R11, $32
	JLT   crnarrow

crrow:
	XORQ R10, R10

cr8:
	VMOVUPS (SI)(R10*1), Y0
	VMOVUPS Y0, (DI)(R10*1)
	ADDQ    $32, R10
	LEAQ    32(R10), AX
	CMPQ    AX, R11
	JLE     cr8
	CMPQ    R10, R11
	JGE     crnext
	VMOVUPS -32(SI)(R11*1), Y0
	VMOVUPS Y0, -32(DI)(R11*1)

crnext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ CX
	JNZ  crrow
	JMP  crdone

crnarrow:
	VMOVUPS (SI), X0
	VMOVUPS -16(SI)(R11*1), X1
	VMOVUPS X0, (DI)
	VMOVUPS X1, -16(DI)(R11*1)
	ADDQ    R8, DI
	ADDQ    R9, SI
	DECQ    CX
	JNZ     crnarrow

crdone:
	VZEROUPPER
	RET
