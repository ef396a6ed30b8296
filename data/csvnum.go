package data

import (
	"fmt"
	"math"
	"strconv"
)

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseValue parses a CSV field as a finite float32 number, allowing
// spaces around it.
func parseValue(f []byte) (float32, error) {
	f = trimSpace(f)
	if len(f) == 0 {
		return 0, fmt.Errorf("%w: empty value (missing values are not supported)", ErrBadValue)
	}
	if v, ok := parseSimple(f); ok {
		return v, nil
	}
	// string(f) does not allocate: the compiler sees that ParseFloat
	// keeps no reference to it.
	v, err := strconv.ParseFloat(string(f), 32)
	if err != nil {
		var ne *strconv.NumError
		if e, ok := err.(*strconv.NumError); ok {
			ne = e
		}
		if ne != nil && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%w: %q is out of the float32 range", ErrBadValue, f)
		}
		return 0, fmt.Errorf("%w: %q", ErrBadValue, clip(f))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: %q", ErrBadValue, f)
	}
	return float32(v), nil
}

// parseSimple parses the common decimal forms [-+]digits[.digits][e[-+]digits]
// exactly as strconv.ParseFloat(s, 32) would, and quickly, or reports
// false.
//
// It takes the first 15 significant digits as an integer m < 2^53 and
// the power of ten e, |e| <= 22, and computes m·10^e in float64: one
// correctly rounded operation on exact values (Clinger's fast path).
// Rounding that to float32 gives the correctly rounded float32 unless the
// float64 lies exactly halfway between two float32 values (a float32
// halfway point strictly between the true value and its float64 would be
// a float64 nearer the true value); that case is refused. If digits were
// dropped, the true value lies between m·10^e and (m+1)·10^e, and
// rounding is monotonic: where both round to the same float32, so does
// the true value; otherwise it is refused too. Values out of the normal
// float32 range are left to strconv as well.
func parseSimple(f []byte) (float32, bool) {
	i := 0
	neg := false
	if f[0] == '-' || f[0] == '+' {
		neg = f[0] == '-'
		i++
	}
	var m uint64
	digits, n, e := 0, 0, 0 // significant digits kept, all digits, power of ten
	dot, dropped := false, false
	for ; i < len(f); i++ {
		c := f[i]
		if '0' <= c && c <= '9' {
			n++
			significant := m > 0 || c != '0'
			if significant && digits == 15 {
				dropped = dropped || c != '0'
				if !dot {
					e++
				}
				continue
			}
			if significant {
				digits++
			}
			m = m*10 + uint64(c-'0')
			if dot {
				e--
			}
			continue
		}
		if c == '.' && !dot {
			dot = true
			continue
		}
		break
	}
	if n == 0 {
		return 0, false // "", "-", ".", "e5"
	}
	if i < len(f) {
		if f[i] != 'e' && f[i] != 'E' {
			return 0, false
		}
		x, ok := parseExp(f[i+1:])
		if !ok {
			return 0, false
		}
		e += x
	}
	if m == 0 {
		if neg {
			return float32(math.Copysign(0, -1)), true
		}
		return 0, true
	}
	r, ok := scale10(m, e)
	if !ok {
		return 0, false
	}
	if dropped {
		if r2, ok := scale10(m+1, e); !ok || float32(r2) != float32(r) {
			return 0, false
		}
	}
	v := float32(r)
	if neg {
		v = -v
	}
	return v, true
}

// scale10 returns m·10^e, correctly rounded to float64, if that is exact
// arithmetic on exact operands, in the normal float32 range and not
// halfway between two float32 values.
func scale10(m uint64, e int) (float64, bool) {
	var r float64
	switch {
	case e < -22 || e > 22:
		return 0, false
	case e < 0:
		r = float64(m) / pow10[-e]
	default:
		r = float64(m) * pow10[e]
	}
	if r < 0x1p-126 || r > math.MaxFloat32 {
		return 0, false
	}
	if math.Float64bits(r)&(1<<29-1) == 1<<28 {
		return 0, false // halfway between two float32 values
	}
	return r, true
}

// parseExp parses an exponent [-+]digits of at most 3 digits.
func parseExp(f []byte) (int, bool) {
	neg := false
	if len(f) > 0 && (f[0] == '-' || f[0] == '+') {
		neg = f[0] == '-'
		f = f[1:]
	}
	if len(f) == 0 || len(f) > 3 {
		return 0, false
	}
	x := 0
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	if neg {
		x = -x
	}
	return x, true
}

// trimSpace removes spaces and tabs around f.
func trimSpace(f []byte) []byte {
	for len(f) > 0 && (f[0] == ' ' || f[0] == '\t') {
		f = f[1:]
	}
	for len(f) > 0 && (f[len(f)-1] == ' ' || f[len(f)-1] == '\t') {
		f = f[:len(f)-1]
	}
	return f
}
