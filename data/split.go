package data

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The kinds of a validation split ([SplitInfo.Kind]).
const (
	// SplitShuffledKind draws the validation rows at random (seeded).
	SplitShuffledKind = "shuffled"
	// SplitStratified draws them at random within each label, so that
	// each label has its share of the validation rows.
	SplitStratified = "stratified"
	// SplitTail takes the unshuffled last rows, as Keras's
	// validation_split: for time series, where the validation rows must
	// come after the training rows.
	SplitTail = "tail"
)

// splitStream is the PCG stream of the split's draws, apart from the
// trainer's shuffle of the same seed.
const splitStream = 0x5911

// SplitInfo says how a set was split into training and validation rows,
// so that the split can be drawn again (a checkpoint keeps it).
type SplitInfo struct {
	Fraction float64 `json:"fraction"` // of the rows, validated on
	Seed     uint64  `json:"seed"`     // of the draw; unused by SplitTail
	Kind     string  `json:"kind"`     // SplitShuffledKind, SplitStratified or SplitTail
}

// String describes the split for logs and reports, such as "stratified
// 10% (seed 1)" or "unshuffled last 10%".
func (p SplitInfo) String() string {
	pct := fmt.Sprintf("%g%%", 100*p.Fraction)
	if p.Kind == SplitTail {
		return "unshuffled last " + pct
	}
	return fmt.Sprintf("%s %s (seed %d)", p.Kind, pct, p.Seed)
}

// ShuffledKind returns the kind of split [SplitShuffled] draws from s:
// stratified if s has labels, else shuffled; but the tail for windows of
// a series ([Windowed]), which a random split would let train on the
// future of what they validate on.
func ShuffledKind(s *Set) string {
	if _, ok := Windowed(s); ok {
		return SplitTail
	}
	if s.Labels != nil {
		return SplitStratified
	}
	return SplitShuffledKind
}

// SplitShuffled returns a training and a validation part of s, the latter
// about frac of its rows drawn at random with seed, within each label when
// s has labels (stratified). Both parts keep the rows in their order in s.
// An in-memory set's rows are copied; a file-backed set's parts read its
// file. The same seed gives the same split.
func SplitShuffled(s *Set, frac float64, seed uint64) (train, val *Set, err error) {
	return SplitInfo{Fraction: frac, Seed: seed, Kind: ShuffledKind(s)}.Apply(s)
}

// Apply splits s as p says. It is an error if p's kind is shuffled or
// stratified and s's labels call for the other, or if a part is empty.
func (p SplitInfo) Apply(s *Set) (train, val *Set, err error) {
	tr, va, err := p.Indices(s.Len(), s.Labels)
	if err != nil {
		return nil, nil, fmt.Errorf("data: %s: %w", s.Source, err)
	}
	return s.Pick(tr), s.Pick(va), nil
}

// Indices returns the rows, in increasing order, of the training and the
// validation part of n rows with labels (nil when unlabelled).
func (p SplitInfo) Indices(n int, labels []string) (train, val []int, err error) {
	k := int(float64(n) * p.Fraction)
	if !(p.Fraction > 0 && p.Fraction < 1) || k <= 0 || k >= n {
		return nil, nil, fmt.Errorf("a validation split of %g of %d samples leaves an empty set", p.Fraction, n)
	}
	var inVal []bool
	switch p.Kind {
	case SplitTail:
		inVal = make([]bool, n)
		for i := n - k; i < n; i++ {
			inVal[i] = true
		}
	case SplitShuffledKind, SplitStratified:
		if (labels != nil) != (p.Kind == SplitStratified) {
			return nil, nil, fmt.Errorf("a %s split of %s samples", p.Kind, map[bool]string{true: "labelled", false: "unlabelled"}[labels != nil])
		}
		inVal = drawVal(n, k, labels, rand.New(rand.NewPCG(p.Seed, splitStream)))
	default:
		return nil, nil, fmt.Errorf("unknown split kind %q (want %s, %s or %s)", p.Kind, SplitShuffledKind, SplitStratified, SplitTail)
	}
	for i, v := range inVal {
		if v {
			val = append(val, i)
		} else {
			train = append(train, i)
		}
	}
	return train, val, nil
}

// drawVal marks k of n rows at random: within each label in proportion
// to its rows (largest remainders), or among all rows when unlabelled.
func drawVal(n, k int, labels []string, rng *rand.Rand) []bool {
	inVal := make([]bool, n)
	groups := map[string][]int{}
	var names []string
	for i := range n {
		l := ""
		if labels != nil {
			l = labels[i]
		}
		if groups[l] == nil {
			names = append(names, l)
		}
		groups[l] = append(groups[l], i)
	}
	slices.Sort(names)
	quota := quotas(names, groups, n, k)
	for _, name := range names {
		rows := groups[name]
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		for _, i := range rows[:quota[name]] {
			inVal[i] = true
		}
	}
	return inVal
}

// quotas shares k validation rows among the groups in proportion to their
// sizes, by largest remainder (ties to the larger group, then by name).
func quotas(names []string, groups map[string][]int, n, k int) map[string]int {
	q := map[string]int{}
	left := k
	for _, name := range names {
		q[name] = len(groups[name]) * k / n
		left -= q[name]
	}
	rem := func(name string) int { return len(groups[name]) * k % n }
	order := slices.Clone(names)
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Or(cmp.Compare(rem(b), rem(a)), cmp.Compare(len(groups[b]), len(groups[a])))
	})
	for _, name := range order[:left] {
		q[name]++
	}
	return q
}

// Pick returns the rows idx of s, in that order: copied for a set in
// memory, a view of the file for a file-backed set.
func (s *Set) Pick(idx []int) *Set {
	p := *s
	p.Shape = slices.Clone(s.Shape)
	if s.Labels != nil {
		p.Labels = make([]string, len(idx))
		for j, i := range idx {
			p.Labels[j] = s.Labels[i]
		}
	}
	size := s.Size()
	if s.X == nil && s.Rows != nil {
		p.Rows = &indexRows{rows: s.Rows, idx: slices.Clone(idx), size: size}
		return &p
	}
	p.X = make([]float32, 0, len(idx)*size)
	for _, i := range idx {
		p.X = append(p.X, s.X[i*size:(i+1)*size]...)
	}
	return &p
}

// Concat returns the rows of a followed by those of b, which must have the
// same shape: copied when both are in memory, else read from their files.
// Labels are kept if either has them ("" for the other's rows).
func Concat(a, b *Set) (*Set, error) {
	if !slices.Equal(a.Shape, b.Shape) {
		return nil, fmt.Errorf("data: %s has samples of shape %v, %s of shape %v", a.Source, a.Shape, b.Source, b.Shape)
	}
	c := &Set{Shape: slices.Clone(a.Shape), Source: a.Source, Uint8: a.Uint8 && b.Uint8}
	if b.Source != a.Source {
		c.Source = a.Source + " and " + b.Source
	}
	if a.Labels != nil || b.Labels != nil {
		c.Labels = append(labelsOf(a), labelsOf(b)...)
	}
	if a.X != nil && b.X != nil {
		c.X = append(slices.Clip(a.X), b.X...)
		return c, nil
	}
	c.Rows = &concatRows{a: a, b: b}
	return c, nil
}

// labelsOf returns s's labels, or as many empty ones.
func labelsOf(s *Set) []string {
	if s.Labels != nil {
		return s.Labels
	}
	return make([]string, s.Len())
}

// concatRows reads the rows of a, then those of b.
type concatRows struct{ a, b *Set }

func (r *concatRows) Len() int { return r.a.Len() + r.b.Len() }

func (r *concatRows) ReadRows(start, n int, dst []float32) error {
	na, size := r.a.Len(), r.a.Size()
	if start < 0 || n < 0 || start+n > r.Len() {
		return fmt.Errorf("data: rows %d to %d out of range [0, %d)", start, start+n, r.Len())
	}
	if k := min(n, max(na-start, 0)); k > 0 {
		if err := r.a.ReadRows(start, k, dst); err != nil {
			return err
		}
		start, n, dst = start+k, n-k, dst[k*size:]
	}
	if n == 0 {
		return nil
	}
	return r.b.ReadRows(start-na, n, dst)
}

// headBytes is how much of a set's first rows its fingerprint hashes.
const headBytes = 1 << 20

// A Fingerprint identifies the data a run trained on, so that a resume
// can tell other data from it: its path, its size, its rows and shape,
// and a hash of its first rows as read.
type Fingerprint struct {
	Path  string `json:"path"`            // absolute
	Bytes int64  `json:"bytes,omitempty"` // the file's size; 0 for a folder
	Rows  int    `json:"rows"`
	Shape []int  `json:"shape"`
	// Head is the SHA-256 of the first rows' values (float32, little
	// endian), up to 1 MiB of them.
	Head string `json:"head_sha256"`
}

// FingerprintOf returns the fingerprint of set s read from path.
func FingerprintOf(path string, s *Set) (Fingerprint, error) {
	f := Fingerprint{Path: path, Rows: s.Len(), Shape: slices.Clone(s.Shape)}
	if abs, err := filepath.Abs(path); err == nil && path != "" {
		f.Path = abs
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		f.Bytes = fi.Size()
	}
	size := max(s.Size(), 1)
	n := min(s.Len(), max(1, headBytes/(4*size)))
	x := make([]float32, n*s.Size())
	if err := s.ReadRows(0, n, x); err != nil {
		return f, err
	}
	h := sha256.New()
	b := make([]byte, 4)
	for _, v := range x {
		binary.LittleEndian.PutUint32(b, math.Float32bits(v))
		h.Write(b)
	}
	f.Head = hex.EncodeToString(h.Sum(nil))
	return f, nil
}

// Diff says how the data of g differs from that of f ("" if it does
// not): shape, rows, file size or first rows. The paths are not compared:
// the same data may have moved.
func (f Fingerprint) Diff(g Fingerprint) string {
	var d []string
	if !slices.Equal(f.Shape, g.Shape) {
		d = append(d, fmt.Sprintf("samples of shape %s, now %s", shapeText(f.Shape), shapeText(g.Shape)))
	}
	if f.Rows != g.Rows {
		d = append(d, fmt.Sprintf("%d rows, now %d", f.Rows, g.Rows))
	}
	if f.Bytes != 0 && g.Bytes != 0 && f.Bytes != g.Bytes {
		d = append(d, fmt.Sprintf("%d bytes, now %d", f.Bytes, g.Bytes))
	}
	if slices.Equal(f.Shape, g.Shape) && f.Head != g.Head {
		d = append(d, "other values in its first rows")
	}
	return strings.Join(d, "; ")
}

// shapeText writes a shape as 13 or 1x28x28.
func shapeText(shape []int) string {
	s := make([]string, len(shape))
	for i, d := range shape {
		s[i] = fmt.Sprint(d)
	}
	return strings.Join(s, "x")
}
