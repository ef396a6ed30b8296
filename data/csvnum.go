package data

import (
	"fmt"
	"math"
	"strconv"
)

// pow10f32 holds the powers of ten that float32 represents exactly.
var pow10f32 = [...]float32{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}

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

// parseSimple parses the common forms [-+]digits[.digits] with at most 7
// significant digits and at most 10 decimals exactly as
// strconv.ParseFloat(s, 32) would: the digits make an integer m < 2^24
// and the value is m / 10^k, one correctly rounded float32 division of
// two exact float32 values. It reports false for anything else.
func parseSimple(f []byte) (float32, bool) {
	i := 0
	neg := false
	if f[0] == '-' || f[0] == '+' {
		neg = f[0] == '-'
		i++
	}
	var m uint32
	digits, decimals := 0, 0
	dot := false
	start := i
	for ; i < len(f); i++ {
		c := f[i]
		switch {
		case '0' <= c && c <= '9':
			if m == 0 && c == '0' && !dot {
				// A leading zero adds no significant digit.
			} else {
				digits++
			}
			m = m*10 + uint32(c-'0')
			if dot {
				decimals++
			}
			if digits > 7 || decimals > 10 {
				return 0, false
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	n := i - start
	if n == 0 || dot && n == 1 { // "", "-", "." and "-."
		return 0, false
	}
	v := float32(m) / pow10f32[decimals]
	if neg {
		v = -v
	}
	return v, true
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
