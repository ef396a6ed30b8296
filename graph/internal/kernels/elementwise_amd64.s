//go:build !purego

#include "textflag.h"

// func reluGradAVX512(y, gy, out *float32, n int)
// out[i] = g[i] where y[i] > 0, else 0; n is a multiple of 16.
TEXT ·reluGradAVX512(SB), NOSPLIT, $0-32
	MOVQ   y+0(FP), SI
	MOVQ   gy+8(FP), DX
	MOVQ   out+16(FP), DI
	MOVQ   n+24(FP), CX
	VXORPS Z7, Z7, Z7

rg64:
	CMPQ        CX, $64
	JLT         rg16
	VMOVUPS     (SI), Z0
	VMOVUPS     64(SI), Z1
	VMOVUPS     128(SI), Z2
	VMOVUPS     192(SI), Z3
	VCMPPS      $0x1e, Z7, Z0, K1
	VCMPPS      $0x1e, Z7, Z1, K2
	VCMPPS      $0x1e, Z7, Z2, K3
	VCMPPS      $0x1e, Z7, Z3, K4
	VMOVUPS.Z   (DX), K1, Z0
	VMOVUPS.Z   64(DX), K2, Z1
	VMOVUPS.Z   128(DX), K3, Z2
	VMOVUPS.Z   192(DX), K4, Z3
	VMOVUPS     Z0, (DI)
	VMOVUPS     Z1, 64(DI)
	VMOVUPS     Z2, 128(DI)
	VMOVUPS     Z3, 192(DI)
	ADDQ        $256, SI
	ADDQ        $256, DX
	ADDQ        $256, DI
	SUBQ        $64, CX
	JMP         rg64

rg16:
	CMPQ      CX, $16
	JLT       rgdone
	VMOVUPS   (SI), Z0
	VCMPPS    $0x1e, Z7, Z0, K1
	VMOVUPS.Z (DX), K1, Z0
	VMOVUPS   Z0, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $64, DI
	SUBQ      $16, CX
	JMP       rg16

rgdone:
	VZEROUPPER
	RET

// func biasActAVX512(x *float32, b float32, out *float32, n int, relu bool)
// out[i] = x[i] + b, or max(x[i] + b, 0) when relu; n is a multiple of 16.
// The maximum takes x+b as its second operand, so that a NaN passes
// through as Go's max passes it.
TEXT ·biasActAVX512(SB), NOSPLIT, $0-33
	MOVQ         x+0(FP), SI
	VBROADCASTSS b+8(FP), Z6
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX
	MOVBLZX      relu+32(FP), AX
	VXORPS       Z7, Z7, Z7
	TESTQ        AX, AX
	JE           lin16

relu16:
	CMPQ    CX, $16
	JLT     badone
	VADDPS  (SI), Z6, Z0
	VMAXPS  Z0, Z7, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     relu16

lin16:
	CMPQ    CX, $16
	JLT     badone
	VADDPS  (SI), Z6, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     lin16

badone:
	VZEROUPPER
	RET

// func sumAVX512(x *float32, n int) float32
// The sum of x[:n]; n is a multiple of 16.
TEXT ·sumAVX512(SB), NOSPLIT, $0-20
	MOVQ   x+0(FP), SI
	MOVQ   n+8(FP), CX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1

sum32:
	CMPQ   CX, $32
	JLT    sum16
	VADDPS (SI), Z0, Z0
	VADDPS 64(SI), Z1, Z1
	ADDQ   $128, SI
	SUBQ   $32, CX
	JMP    sum32

sum16:
	CMPQ   CX, $16
	JLT    sumdone
	VADDPS (SI), Z0, Z0
	ADDQ   $64, SI
	SUBQ   $16, CX
	JMP    sum16

sumdone:
	VADDPS        Z1, Z0, Z0
	VEXTRACTF32X8 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X1, X1
	VADDPS        X1, X0, X0
	VPSHUFD       $1, X0, X1
	VADDSS        X1, X0, X0
	VMOVSS        X0, ret+16(FP)
	VZEROUPPER
	RET

// func biasRowAVX512(x, b, out *float32, n int, relu bool)
// out[i] = x[i] + b[i], or max(x[i] + b[i], 0) when relu; n is a multiple
// of 16.
TEXT ·biasRowAVX512(SB), NOSPLIT, $0-33
	MOVQ    x+0(FP), SI
	MOVQ    b+8(FP), BX
	MOVQ    out+16(FP), DI
	MOVQ    n+24(FP), CX
	MOVBLZX relu+32(FP), AX
	VXORPS  Z7, Z7, Z7
	TESTQ   AX, AX
	JE      rowlin16

rowrelu16:
	CMPQ    CX, $16
	JLT     rowdone
	VMOVUPS (SI), Z0
	VADDPS  (BX), Z0, Z0
	VMAXPS  Z0, Z7, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, BX
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     rowrelu16

rowlin16:
	CMPQ    CX, $16
	JLT     rowdone
	VMOVUPS (SI), Z0
	VADDPS  (BX), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, BX
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     rowlin16

rowdone:
	VZEROUPPER
	RET
