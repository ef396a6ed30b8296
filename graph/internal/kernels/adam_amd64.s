//go:build !purego

#include "textflag.h"

// func adamAVX512(w, gr, m, v *float32, n int, lr, c1, c2, eps float32)
// One Adam step over n elements, a multiple of 16, in the operations and
// order of adamGeneric (no fused multiply-adds), so that it gives the same
// values.
TEXT ·adamAVX512(SB), NOSPLIT, $0-56
	MOVQ         w+0(FP), DI
	MOVQ         gr+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), BX
	MOVQ         n+32(FP), CX
	VBROADCASTSS lr+40(FP), Z10
	VBROADCASTSS c1+44(FP), Z11
	VBROADCASTSS c2+48(FP), Z12
	VBROADCASTSS eps+52(FP), Z13

loop16:
	CMPQ    CX, $16
	JLT     done16
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	VSUBPS  Z1, Z0, Z2
	VMULPS  Z11, Z2, Z2
	VADDPS  Z2, Z1, Z1
	VMOVUPS Z1, (DX)
	VMOVUPS (BX), Z3
	VMULPS  Z0, Z0, Z4
	VSUBPS  Z3, Z4, Z4
	VMULPS  Z12, Z4, Z4
	VADDPS  Z4, Z3, Z3
	VMOVUPS Z3, (BX)
	VSQRTPS Z3, Z5
	VADDPS  Z13, Z5, Z5
	VMULPS  Z10, Z1, Z6
	VDIVPS  Z5, Z6, Z6
	VMOVUPS (DI), Z7
	VSUBPS  Z6, Z7, Z7
	VMOVUPS Z7, (DI)
	ADDQ    $64, DI
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, BX
	SUBQ    $16, CX
	JMP     loop16

done16:
	VZEROUPPER
	RET

// func adamAVX2(w, gr, m, v *float32, n int, lr, c1, c2, eps float32)
// adamAVX512 on eight lanes; n is a multiple of 8.
TEXT ·adamAVX2(SB), NOSPLIT, $0-56
	MOVQ         w+0(FP), DI
	MOVQ         gr+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), BX
	MOVQ         n+32(FP), CX
	VBROADCASTSS lr+40(FP), Y10
	VBROADCASTSS c1+44(FP), Y11
	VBROADCASTSS c2+48(FP), Y12
	VBROADCASTSS eps+52(FP), Y13

loop8:
	CMPQ    CX, $8
	JLT     done8
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VSUBPS  Y1, Y0, Y2
	VMULPS  Y11, Y2, Y2
	VADDPS  Y2, Y1, Y1
	VMOVUPS Y1, (DX)
	VMOVUPS (BX), Y3
	VMULPS  Y0, Y0, Y4
	VSUBPS  Y3, Y4, Y4
	VMULPS  Y12, Y4, Y4
	VADDPS  Y4, Y3, Y3
	VMOVUPS Y3, (BX)
	VSQRTPS Y3, Y5
	VADDPS  Y13, Y5, Y5
	VMULPS  Y10, Y1, Y6
	VDIVPS  Y5, Y6, Y6
	VMOVUPS (DI), Y7
	VSUBPS  Y6, Y7, Y7
	VMOVUPS Y7, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, BX
	SUBQ    $8, CX
	JMP     loop8

done8:
	VZEROUPPER
	RET
