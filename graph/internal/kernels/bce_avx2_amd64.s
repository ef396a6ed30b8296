//go:build !purego

#include "textflag.h"

// The constants of bce_amd64.s, each repeated in eight lanes, and 127, the
// exponent bias.
DATA bce8<>+0(SB)/4, $0x80000000 // sign
DATA bce8<>+4(SB)/4, $0x80000000
DATA bce8<>+8(SB)/4, $0x80000000
DATA bce8<>+12(SB)/4, $0x80000000
DATA bce8<>+16(SB)/4, $0x80000000
DATA bce8<>+20(SB)/4, $0x80000000
DATA bce8<>+24(SB)/4, $0x80000000
DATA bce8<>+28(SB)/4, $0x80000000
DATA bce8<>+32(SB)/4, $0x3fb8aa3b // log2e
DATA bce8<>+36(SB)/4, $0x3fb8aa3b
DATA bce8<>+40(SB)/4, $0x3fb8aa3b
DATA bce8<>+44(SB)/4, $0x3fb8aa3b
DATA bce8<>+48(SB)/4, $0x3fb8aa3b
DATA bce8<>+52(SB)/4, $0x3fb8aa3b
DATA bce8<>+56(SB)/4, $0x3fb8aa3b
DATA bce8<>+60(SB)/4, $0x3fb8aa3b
DATA bce8<>+64(SB)/4, $0x3f318000 // ln2hi
DATA bce8<>+68(SB)/4, $0x3f318000
DATA bce8<>+72(SB)/4, $0x3f318000
DATA bce8<>+76(SB)/4, $0x3f318000
DATA bce8<>+80(SB)/4, $0x3f318000
DATA bce8<>+84(SB)/4, $0x3f318000
DATA bce8<>+88(SB)/4, $0x3f318000
DATA bce8<>+92(SB)/4, $0x3f318000
DATA bce8<>+96(SB)/4, $0xb95e8083 // ln2lo
DATA bce8<>+100(SB)/4, $0xb95e8083
DATA bce8<>+104(SB)/4, $0xb95e8083
DATA bce8<>+108(SB)/4, $0xb95e8083
DATA bce8<>+112(SB)/4, $0xb95e8083
DATA bce8<>+116(SB)/4, $0xb95e8083
DATA bce8<>+120(SB)/4, $0xb95e8083
DATA bce8<>+124(SB)/4, $0xb95e8083
DATA bce8<>+128(SB)/4, $0x3f800000 // one
DATA bce8<>+132(SB)/4, $0x3f800000
DATA bce8<>+136(SB)/4, $0x3f800000
DATA bce8<>+140(SB)/4, $0x3f800000
DATA bce8<>+144(SB)/4, $0x3f800000
DATA bce8<>+148(SB)/4, $0x3f800000
DATA bce8<>+152(SB)/4, $0x3f800000
DATA bce8<>+156(SB)/4, $0x3f800000
DATA bce8<>+160(SB)/4, $0x40000000 // two
DATA bce8<>+164(SB)/4, $0x40000000
DATA bce8<>+168(SB)/4, $0x40000000
DATA bce8<>+172(SB)/4, $0x40000000
DATA bce8<>+176(SB)/4, $0x40000000
DATA bce8<>+180(SB)/4, $0x40000000
DATA bce8<>+184(SB)/4, $0x40000000
DATA bce8<>+188(SB)/4, $0x40000000
DATA bce8<>+192(SB)/4, $0x39506967 // p0
DATA bce8<>+196(SB)/4, $0x39506967
DATA bce8<>+200(SB)/4, $0x39506967
DATA bce8<>+204(SB)/4, $0x39506967
DATA bce8<>+208(SB)/4, $0x39506967
DATA bce8<>+212(SB)/4, $0x39506967
DATA bce8<>+216(SB)/4, $0x39506967
DATA bce8<>+220(SB)/4, $0x39506967
DATA bce8<>+224(SB)/4, $0x3ab743ce // p1
DATA bce8<>+228(SB)/4, $0x3ab743ce
DATA bce8<>+232(SB)/4, $0x3ab743ce
DATA bce8<>+236(SB)/4, $0x3ab743ce
DATA bce8<>+240(SB)/4, $0x3ab743ce
DATA bce8<>+244(SB)/4, $0x3ab743ce
DATA bce8<>+248(SB)/4, $0x3ab743ce
DATA bce8<>+252(SB)/4, $0x3ab743ce
DATA bce8<>+256(SB)/4, $0x3c088908 // p2
DATA bce8<>+260(SB)/4, $0x3c088908
DATA bce8<>+264(SB)/4, $0x3c088908
DATA bce8<>+268(SB)/4, $0x3c088908
DATA bce8<>+272(SB)/4, $0x3c088908
DATA bce8<>+276(SB)/4, $0x3c088908
DATA bce8<>+280(SB)/4, $0x3c088908
DATA bce8<>+284(SB)/4, $0x3c088908
DATA bce8<>+288(SB)/4, $0x3d2aa9c1 // p3
DATA bce8<>+292(SB)/4, $0x3d2aa9c1
DATA bce8<>+296(SB)/4, $0x3d2aa9c1
DATA bce8<>+300(SB)/4, $0x3d2aa9c1
DATA bce8<>+304(SB)/4, $0x3d2aa9c1
DATA bce8<>+308(SB)/4, $0x3d2aa9c1
DATA bce8<>+312(SB)/4, $0x3d2aa9c1
DATA bce8<>+316(SB)/4, $0x3d2aa9c1
DATA bce8<>+320(SB)/4, $0x3e2aaaaa // p4
DATA bce8<>+324(SB)/4, $0x3e2aaaaa
DATA bce8<>+328(SB)/4, $0x3e2aaaaa
DATA bce8<>+332(SB)/4, $0x3e2aaaaa
DATA bce8<>+336(SB)/4, $0x3e2aaaaa
DATA bce8<>+340(SB)/4, $0x3e2aaaaa
DATA bce8<>+344(SB)/4, $0x3e2aaaaa
DATA bce8<>+348(SB)/4, $0x3e2aaaaa
DATA bce8<>+352(SB)/4, $0x3f000000 // p5
DATA bce8<>+356(SB)/4, $0x3f000000
DATA bce8<>+360(SB)/4, $0x3f000000
DATA bce8<>+364(SB)/4, $0x3f000000
DATA bce8<>+368(SB)/4, $0x3f000000
DATA bce8<>+372(SB)/4, $0x3f000000
DATA bce8<>+376(SB)/4, $0x3f000000
DATA bce8<>+380(SB)/4, $0x3f000000
DATA bce8<>+384(SB)/4, $0xc2c80000 // min
DATA bce8<>+388(SB)/4, $0xc2c80000
DATA bce8<>+392(SB)/4, $0xc2c80000
DATA bce8<>+396(SB)/4, $0xc2c80000
DATA bce8<>+400(SB)/4, $0xc2c80000
DATA bce8<>+404(SB)/4, $0xc2c80000
DATA bce8<>+408(SB)/4, $0xc2c80000
DATA bce8<>+412(SB)/4, $0xc2c80000
DATA bce8<>+416(SB)/4, $0x3d888889 // l15
DATA bce8<>+420(SB)/4, $0x3d888889
DATA bce8<>+424(SB)/4, $0x3d888889
DATA bce8<>+428(SB)/4, $0x3d888889
DATA bce8<>+432(SB)/4, $0x3d888889
DATA bce8<>+436(SB)/4, $0x3d888889
DATA bce8<>+440(SB)/4, $0x3d888889
DATA bce8<>+444(SB)/4, $0x3d888889
DATA bce8<>+448(SB)/4, $0x3d9d89d9 // l13
DATA bce8<>+452(SB)/4, $0x3d9d89d9
DATA bce8<>+456(SB)/4, $0x3d9d89d9
DATA bce8<>+460(SB)/4, $0x3d9d89d9
DATA bce8<>+464(SB)/4, $0x3d9d89d9
DATA bce8<>+468(SB)/4, $0x3d9d89d9
DATA bce8<>+472(SB)/4, $0x3d9d89d9
DATA bce8<>+476(SB)/4, $0x3d9d89d9
DATA bce8<>+480(SB)/4, $0x3dba2e8c // l11
DATA bce8<>+484(SB)/4, $0x3dba2e8c
DATA bce8<>+488(SB)/4, $0x3dba2e8c
DATA bce8<>+492(SB)/4, $0x3dba2e8c
DATA bce8<>+496(SB)/4, $0x3dba2e8c
DATA bce8<>+500(SB)/4, $0x3dba2e8c
DATA bce8<>+504(SB)/4, $0x3dba2e8c
DATA bce8<>+508(SB)/4, $0x3dba2e8c
DATA bce8<>+512(SB)/4, $0x3de38e39 // l9
DATA bce8<>+516(SB)/4, $0x3de38e39
DATA bce8<>+520(SB)/4, $0x3de38e39
DATA bce8<>+524(SB)/4, $0x3de38e39
DATA bce8<>+528(SB)/4, $0x3de38e39
DATA bce8<>+532(SB)/4, $0x3de38e39
DATA bce8<>+536(SB)/4, $0x3de38e39
DATA bce8<>+540(SB)/4, $0x3de38e39
DATA bce8<>+544(SB)/4, $0x3e124925 // l7
DATA bce8<>+548(SB)/4, $0x3e124925
DATA bce8<>+552(SB)/4, $0x3e124925
DATA bce8<>+556(SB)/4, $0x3e124925
DATA bce8<>+560(SB)/4, $0x3e124925
DATA bce8<>+564(SB)/4, $0x3e124925
DATA bce8<>+568(SB)/4, $0x3e124925
DATA bce8<>+572(SB)/4, $0x3e124925
DATA bce8<>+576(SB)/4, $0x3e4ccccd // l5
DATA bce8<>+580(SB)/4, $0x3e4ccccd
DATA bce8<>+584(SB)/4, $0x3e4ccccd
DATA bce8<>+588(SB)/4, $0x3e4ccccd
DATA bce8<>+592(SB)/4, $0x3e4ccccd
DATA bce8<>+596(SB)/4, $0x3e4ccccd
DATA bce8<>+600(SB)/4, $0x3e4ccccd
DATA bce8<>+604(SB)/4, $0x3e4ccccd
DATA bce8<>+608(SB)/4, $0x3eaaaaab // l3
DATA bce8<>+612(SB)/4, $0x3eaaaaab
DATA bce8<>+616(SB)/4, $0x3eaaaaab
DATA bce8<>+620(SB)/4, $0x3eaaaaab
DATA bce8<>+624(SB)/4, $0x3eaaaaab
DATA bce8<>+628(SB)/4, $0x3eaaaaab
DATA bce8<>+632(SB)/4, $0x3eaaaaab
DATA bce8<>+636(SB)/4, $0x3eaaaaab
DATA bce8<>+640(SB)/4, $0x0000007f // i127
DATA bce8<>+644(SB)/4, $0x0000007f
DATA bce8<>+648(SB)/4, $0x0000007f
DATA bce8<>+652(SB)/4, $0x0000007f
DATA bce8<>+656(SB)/4, $0x0000007f
DATA bce8<>+660(SB)/4, $0x0000007f
DATA bce8<>+664(SB)/4, $0x0000007f
DATA bce8<>+668(SB)/4, $0x0000007f
GLOBL bce8<>(SB), RODATA|NOPTR, $672

// SIGMOID8 sets Y8 to 1/(1+e^-Y0), lane by lane, with Y5 = e^-|Y0| (the
// exp is the polynomial of bce_amd64.s on x - k·ln2, scaled by 2^k in two
// halves so that k down to -145 stays exact) and Y7 = 1/(1+Y5); the sign of
// Y0 picks the form. It uses Y2-Y8.
#define SIGMOID8 \
	VORPS        bce8<>+0(SB), Y0, Y2; \
	VMAXPS       bce8<>+384(SB), Y2, Y2; \
	VMULPS       bce8<>+32(SB), Y2, Y3; \
	VROUNDPS     $0, Y3, Y3; \
	VMOVAPS      Y2, Y4; \
	VFNMADD231PS bce8<>+64(SB), Y3, Y4; \
	VFNMADD231PS bce8<>+96(SB), Y3, Y4; \
	VMOVUPS      bce8<>+192(SB), Y5; \
	VFMADD213PS  bce8<>+224(SB), Y4, Y5; \
	VFMADD213PS  bce8<>+256(SB), Y4, Y5; \
	VFMADD213PS  bce8<>+288(SB), Y4, Y5; \
	VFMADD213PS  bce8<>+320(SB), Y4, Y5; \
	VFMADD213PS  bce8<>+352(SB), Y4, Y5; \
	VMULPS       Y4, Y4, Y6; \
	VMULPS       Y6, Y5, Y5; \
	VADDPS       Y4, Y5, Y5; \
	VADDPS       bce8<>+128(SB), Y5, Y5; \
	VCVTPS2DQ    Y3, Y6; \
	VPSRAD       $1, Y6, Y7; \
	VPSUBD       Y7, Y6, Y6; \
	VPADDD       bce8<>+640(SB), Y7, Y7; \
	VPSLLD       $23, Y7, Y7; \
	VPADDD       bce8<>+640(SB), Y6, Y6; \
	VPSLLD       $23, Y6, Y6; \
	VMULPS       Y7, Y5, Y5; \
	VMULPS       Y6, Y5, Y5; \
	VADDPS       bce8<>+128(SB), Y5, Y6; \
	VMOVUPS      bce8<>+128(SB), Y7; \
	VDIVPS       Y6, Y7, Y7; \
	VMULPS       Y7, Y5, Y8; \
	VBLENDVPS    Y0, Y8, Y7, Y8

// func bceAVX2(z, y, sig *float32, n int) float32
// bceAVX512 on eight lanes (n a multiple of 8): e^x is the same polynomial,
// scaled by 2^k in two halves so that k down to -145 stays exact, and the
// sign of z picks the sigmoid's form.
TEXT ·bceAVX2(SB), NOSPLIT, $0-36
	MOVQ   z+0(FP), SI
	MOVQ   y+8(FP), DX
	MOVQ   sig+16(FP), DI
	MOVQ   n+24(FP), CX
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15

loop:
	CMPQ         CX, $8
	JLT          done
	VMOVUPS      (SI), Y0
	VMOVUPS      (DX), Y1
	SIGMOID8
	VMOVUPS      Y8, (DI)
	VADDPS       bce8<>+160(SB), Y5, Y6
	VDIVPS       Y6, Y5, Y6
	VMULPS       Y6, Y6, Y7
	VMOVUPS      bce8<>+416(SB), Y9
	VFMADD213PS  bce8<>+448(SB), Y7, Y9
	VFMADD213PS  bce8<>+480(SB), Y7, Y9
	VFMADD213PS  bce8<>+512(SB), Y7, Y9
	VFMADD213PS  bce8<>+544(SB), Y7, Y9
	VFMADD213PS  bce8<>+576(SB), Y7, Y9
	VFMADD213PS  bce8<>+608(SB), Y7, Y9
	VFMADD213PS  bce8<>+128(SB), Y7, Y9
	VMULPS       Y6, Y9, Y9
	VADDPS       Y9, Y9, Y9
	VMAXPS       Y14, Y0, Y3
	VFNMADD231PS Y1, Y0, Y3
	VADDPS       Y9, Y3, Y3
	VADDPS       Y3, Y15, Y15
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VEXTRACTF128 $1, Y15, X1
	VADDPS       X1, X15, X0
	VMOVHLPS     X0, X1, X1
	VADDPS       X1, X0, X0
	VPSHUFD      $1, X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+32(FP)
	VZEROUPPER
	RET

// func sigmoidAVX2(x *float32, b float32, out *float32, n int)
// out[i] = 1/(1 + e^-(x[i]+b)) for i < n, a multiple of 8: the exponential
// and the choice of form of bceAVX2.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	VBROADCASTSS b+8(FP), Y9
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX

sloop:
	CMPQ         CX, $8
	JLT          sdone
	VADDPS       (SI), Y9, Y0
	SIGMOID8
	VMOVUPS      Y8, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          sloop

sdone:
	VZEROUPPER
	RET

DATA leakySlopes8<>+0(SB)/4, $0x3e4ccccd // 0.2, LeakySlope
DATA leakySlopes8<>+4(SB)/4, $0x3c23d70a // 0.01, LeakySlopeTorch
GLOBL leakySlopes8<>(SB), RODATA|NOPTR, $8

// func biasActRowsAVX2(c *float32, ldc, rows int, b *float32, cols, act int)
// For rows rows of cols values at c (cols a multiple of 8), ldc values
// apart, c[j] = act(c[j] + b[j]): act 0 linear, 1 relu, 2 sigmoid (as
// sigmoidAVX2 computes it), 4 leaky relu (slope 0.2), 7 leaky relu (slope
// 0.01); any other act adds the bias only.
TEXT ·biasActRowsAVX2(SB), NOSPLIT, $0-48
	MOVQ   c+0(FP), DI
	MOVQ   ldc+8(FP), R8
	SHLQ   $2, R8
	MOVQ   rows+16(FP), R9
	MOVQ   b+24(FP), BX
	MOVQ   cols+32(FP), R10
	MOVQ   act+40(FP), R12
	VXORPS Y9, Y9, Y9
	VBROADCASTSS leakySlopes8<>+0(SB), Y11
	VBROADCASTSS leakySlopes8<>+4(SB), Y12
	TESTQ  R9, R9
	JE     bdone

brow:
	MOVQ DI, SI
	MOVQ BX, DX
	MOVQ R10, CX

bcol:
	CMPQ    CX, $8
	JLT     bnext
	VMOVUPS (SI), Y0
	VADDPS  (DX), Y0, Y0
	CMPQ    R12, $1
	JEQ     brelu
	CMPQ    R12, $2
	JEQ     bsig
	CMPQ    R12, $4
	JEQ     bleaky
	CMPQ    R12, $7
	JEQ     bleaky01
	JMP     bstore

brelu:
	VMAXPS Y0, Y9, Y0
	JMP    bstore

bleaky:
	VMULPS Y11, Y0, Y1
	VMAXPS Y1, Y0, Y0
	JMP    bstore

bleaky01:
	VMULPS Y12, Y0, Y1
	VMAXPS Y1, Y0, Y0
	JMP    bstore

bsig:
	SIGMOID8
	VMOVAPS Y8, Y0

bstore:
	VMOVUPS Y0, (SI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	SUBQ    $8, CX
	JMP     bcol

bnext:
	ADDQ R8, DI
	DECQ R9
	JNZ  brow

bdone:
	VZEROUPPER
	RET

DATA tanh8c<>+0(SB)/4, $0x3e800000  // 0.25
DATA tanh8c<>+4(SB)/4, $0x3cb327a4  // 62/2835
DATA tanh8c<>+8(SB)/4, $0xbd5d0dd1  // -17/315
DATA tanh8c<>+12(SB)/4, $0x3e088889 // 2/15
DATA tanh8c<>+16(SB)/4, $0xbeaaaaab // -1/3
GLOBL tanh8c<>(SB), RODATA|NOPTR, $20

// TANH8_CONSTS broadcasts TANH8's constants: 0.25 (Y10) and the series'
// coefficients (Y11-Y14).
#define TANH8_CONSTS \
	VBROADCASTSS tanh8c<>+0(SB), Y10; \
	VBROADCASTSS tanh8c<>+4(SB), Y11; \
	VBROADCASTSS tanh8c<>+8(SB), Y12; \
	VBROADCASTSS tanh8c<>+12(SB), Y13; \
	VBROADCASTSS tanh8c<>+16(SB), Y14

// TANH8 sets Y8 to tanh(Y1) on eight lanes as TANH computes it on
// sixteen, with SIGMOID8's exponential. It needs TANH8_CONSTS and uses Y0,
// Y2-Y8 and Y15.
#define TANH8 \
	VADDPS       Y1, Y1, Y0; \
	SIGMOID8; \
	VADDPS       bce8<>+128(SB), Y5, Y6; \
	VMOVUPS      bce8<>+128(SB), Y7; \
	VSUBPS       Y5, Y7, Y7; \
	VDIVPS       Y6, Y7, Y8; \
	VANDPS       bce8<>+0(SB), Y1, Y2; \
	VORPS        Y2, Y8, Y8; \
	VMULPS       Y1, Y1, Y3; \
	VMOVAPS      Y11, Y4; \
	VFMADD213PS  Y12, Y3, Y4; \
	VFMADD213PS  Y13, Y3, Y4; \
	VFMADD213PS  Y14, Y3, Y4; \
	VMULPS       Y3, Y4, Y4; \
	VFMADD213PS  Y1, Y1, Y4; \
	VXORPS       bce8<>+0(SB), Y1, Y2; \
	VMAXPS       Y1, Y2, Y2; \
	VCMPPS       $0x11, Y10, Y2, Y15; \
	VBLENDVPS    Y15, Y4, Y8, Y8; \
	VCMPPS       $3, Y1, Y1, Y15; \
	VBLENDVPS    Y15, Y1, Y8, Y8

// func tanhAVX2(x *float32, b float32, out *float32, n int)
// tanhAVX512 on eight lanes (n a multiple of 8), with SIGMOID8's
// exponential.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	VBROADCASTSS b+8(FP), Y9
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX
	TANH8_CONSTS

tloop:
	CMPQ         CX, $8
	JLT          tdone
	VADDPS       (SI), Y9, Y1
	TANH8
	VMOVUPS      Y8, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          tloop

tdone:
	VZEROUPPER
	RET

// func lstmCellAVX2(gi, gf, gg, gout, prev, c, tc, h *float32, n int, first bool)
// lstmCellAVX512 on eight lanes (n a multiple of 8), with TANH8.
TEXT ·lstmCellAVX2(SB), NOSPLIT, $0-73
	MOVQ    gi+0(FP), AX
	MOVQ    gf+8(FP), BX
	MOVQ    gg+16(FP), CX
	MOVQ    gout+24(FP), DX
	MOVQ    prev+32(FP), SI
	MOVQ    c+40(FP), DI
	MOVQ    tc+48(FP), R8
	MOVQ    h+56(FP), R9
	MOVQ    n+64(FP), R10
	MOVBLZX first+72(FP), R11
	TANH8_CONSTS

cloop:
	CMPQ    R10, $8
	JLT     cdone
	VMOVUPS (AX), Y1
	VMULPS  (CX), Y1, Y1
	TESTQ   R11, R11
	JNE     cfirst
	VMOVUPS (BX), Y2
	VMULPS  (SI), Y2, Y2
	VADDPS  Y1, Y2, Y1

cfirst:
	VMOVUPS Y1, (DI)
	TANH8
	VMOVUPS Y8, (R8)
	VMULPS  (DX), Y8, Y8
	VMOVUPS Y8, (R9)
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, CX
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $8, R10
	JMP     cloop

cdone:
	VZEROUPPER
	RET
