package safetensors

import (
	"encoding/binary"
	"math"
)

// A dtype is an element type that Read can convert to float32.
type dtype struct {
	size   int                                     // bytes per element
	decode func(dst []float32, b []byte) []float32 // appends len(b)/size values
}

// dtypes lists the element types Read accepts, by header name.
var dtypes = map[string]dtype{
	"F32":  {4, decodeF32},
	"F64":  {8, decodeF64},
	"F16":  {2, decodeF16},
	"BF16": {2, decodeBF16},
}

func decodeF32(dst []float32, b []byte) []float32 {
	for i := 0; i+4 <= len(b); i += 4 {
		dst = append(dst, math.Float32frombits(binary.LittleEndian.Uint32(b[i:])))
	}
	return dst
}

func decodeF64(dst []float32, b []byte) []float32 {
	for i := 0; i+8 <= len(b); i += 8 {
		dst = append(dst, float32(math.Float64frombits(binary.LittleEndian.Uint64(b[i:]))))
	}
	return dst
}

func decodeBF16(dst []float32, b []byte) []float32 {
	for i := 0; i+2 <= len(b); i += 2 {
		dst = append(dst, math.Float32frombits(uint32(binary.LittleEndian.Uint16(b[i:]))<<16))
	}
	return dst
}

func decodeF16(dst []float32, b []byte) []float32 {
	for i := 0; i+2 <= len(b); i += 2 {
		dst = append(dst, float16ToFloat32(binary.LittleEndian.Uint16(b[i:])))
	}
	return dst
}

// float16ToFloat32 converts an IEEE 754 binary16 value exactly.
func float16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // infinity or NaN
		return math.Float32frombits(sign | 0xff<<23 | mant<<13)
	case exp == 0: // zero or subnormal: mant * 2^-24
		f := float32(mant) / (1 << 24)
		if sign != 0 {
			f = -f
		}
		return f
	default:
		return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
	}
}
