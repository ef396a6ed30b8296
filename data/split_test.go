package data

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// classSorted returns a set of wine's shape: 178 rows of 3 features, its
// three classes (59, 71, 48 rows) one after the other, as scikit-learn
// ships it; row i's first value is i.
func classSorted() *Set {
	s := &Set{Shape: []int{3}, Source: "wine.csv"}
	for c, n := range []int{59, 71, 48} {
		for range n {
			i := len(s.Labels)
			s.X = append(s.X, float32(i), float32(c), 0.5)
			s.Labels = append(s.Labels, fmt.Sprint("class_", c))
		}
	}
	return s
}

// rowIDs returns the first value of each row of s.
func rowIDs(t *testing.T, s *Set) []int {
	t.Helper()
	x := make([]float32, s.Len()*s.Size())
	if err := s.ReadRows(0, s.Len(), x); err != nil {
		t.Fatal(err)
	}
	ids := make([]int, s.Len())
	for i := range ids {
		ids[i] = int(x[i*s.Size()])
	}
	return ids
}

// count returns how many rows of s have each label.
func count(s *Set) map[string]int {
	m := map[string]int{}
	for _, l := range s.Labels {
		m[l]++
	}
	return m
}

// TestSplitShuffledStratified: on class-sorted data every class is in the
// validation part, in proportion, and the parts cover the rows once.
func TestSplitShuffledStratified(t *testing.T) {
	s := classSorted()
	tr, val, err := SplitShuffled(s, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if k := ShuffledKind(s); k != SplitStratified {
		t.Errorf("kind %q, want %q", k, SplitStratified)
	}
	if tr.Len() != 161 || val.Len() != 17 {
		t.Fatalf("%d training and %d validation rows, want 161 and 17", tr.Len(), val.Len())
	}
	got := count(val)
	for c, want := range map[string]int{"class_0": 6, "class_1": 7, "class_2": 4} {
		if got[c] != want {
			t.Errorf("validation rows of %s: %d, want %d (all: %v)", c, got[c], want, got)
		}
	}
	ids := append(rowIDs(t, tr), rowIDs(t, val)...)
	slices.Sort(ids)
	for i, id := range ids {
		if id != i {
			t.Fatalf("the parts do not hold each row once: %v", ids)
		}
	}
	// Each part keeps its labels with its rows.
	for _, p := range []*Set{tr, val} {
		for i, id := range rowIDs(t, p) {
			if p.Labels[i] != s.Labels[id] {
				t.Fatalf("row %d (of source row %d) has label %s, want %s", i, id, p.Labels[i], s.Labels[id])
			}
		}
	}
}

// TestSplitShuffledSeed: the same seed gives the same split, another seed
// another one; an unlabelled set is shuffled, not cut at its tail.
func TestSplitShuffledSeed(t *testing.T) {
	s := classSorted()
	s.Labels = nil
	_, a, err := SplitShuffled(s, 0.2, 7)
	if err != nil {
		t.Fatal(err)
	}
	_, b, _ := SplitShuffled(s, 0.2, 7)
	_, c, _ := SplitShuffled(s, 0.2, 8)
	if k := ShuffledKind(s); k != SplitShuffledKind {
		t.Errorf("kind %q, want %q", k, SplitShuffledKind)
	}
	if !slices.Equal(rowIDs(t, a), rowIDs(t, b)) {
		t.Errorf("seed 7 gave two splits: %v and %v", rowIDs(t, a), rowIDs(t, b))
	}
	if slices.Equal(rowIDs(t, a), rowIDs(t, c)) {
		t.Errorf("seeds 7 and 8 gave the same split %v", rowIDs(t, a))
	}
	if ids := rowIDs(t, a); slices.Min(ids) > 178-36 {
		t.Errorf("the validation rows %v are the tail", ids)
	}
}

// TestSplitTail: the tail split is the unshuffled last fraction, for time
// series.
func TestSplitTail(t *testing.T) {
	s := classSorted()
	tr, val, err := SplitInfo{Fraction: 0.1, Kind: SplitTail}.Apply(s)
	if err != nil {
		t.Fatal(err)
	}
	if ids := rowIDs(t, val); len(ids) != 17 || ids[0] != 161 || ids[16] != 177 {
		t.Errorf("tail validation rows %v, want 161..177", ids)
	}
	if tr.Len() != 161 {
		t.Errorf("%d training rows, want 161", tr.Len())
	}
}

// TestSplitFileBacked: a file-backed set is split into views of its file,
// the same rows as the set in memory.
func TestSplitFileBacked(t *testing.T) {
	s := classSorted()
	s.Labels = nil
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range s.Len() {
		fmt.Fprintf(&b, "%g,%g,%g\n", s.X[3*i], s.X[3*i+1], s.X[3*i+2])
	}
	mem, err := Open(writeSplitFile(t, "x.csv", b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fileBacked := &Set{Rows: &memRows{x: mem.Train.X, size: 3}, Shape: []int{3}}
	_, a, err := SplitShuffled(mem.Train, 0.25, 3)
	if err != nil {
		t.Fatal(err)
	}
	_, f, err := SplitShuffled(fileBacked, 0.25, 3)
	if err != nil {
		t.Fatal(err)
	}
	if f.X != nil {
		t.Errorf("a file-backed set's split was read into memory")
	}
	if !slices.Equal(rowIDs(t, a), rowIDs(t, f)) {
		t.Errorf("file-backed split %v, in memory %v", rowIDs(t, f), rowIDs(t, a))
	}
}

// TestSplitBad: a fraction that leaves a part empty is an error.
func TestSplitBad(t *testing.T) {
	s := classSorted().Head(5)
	for _, frac := range []float64{0, 0.1, 1, -0.5} {
		if _, _, err := SplitShuffled(s, frac, 1); err == nil {
			t.Errorf("a split of %g of 5 rows: no error", frac)
		}
	}
}

// TestFingerprint: the fingerprint changes with the values, the rows and
// the shape, and says what differs.
func TestFingerprint(t *testing.T) {
	s := classSorted()
	a, err := FingerprintOf("wine.csv", s)
	if err != nil {
		t.Fatal(err)
	}
	if d := a.Diff(a); d != "" {
		t.Errorf("a fingerprint differs from itself: %s", d)
	}
	other := classSorted()
	other.X[4] = 9
	b, _ := FingerprintOf("wine.csv", other)
	if d := a.Diff(b); !strings.Contains(d, "first rows") {
		t.Errorf("other values: diff %q", d)
	}
	reshaped := classSorted()
	reshaped.Shape = []int{1, 3}
	if d := a.Diff(must(FingerprintOf("wine.csv", reshaped))); !strings.Contains(d, "samples of shape 3, now 1x3") {
		t.Errorf("another shape: diff %q", d)
	}
	c, _ := FingerprintOf("wine.csv", s.Head(100))
	if d := a.Diff(c); !strings.Contains(d, "178 rows, now 100") {
		t.Errorf("fewer rows: diff %q", d)
	}
}

type memRows struct {
	x    []float32
	size int
}

func (m *memRows) Len() int { return len(m.x) / m.size }

func (m *memRows) ReadRows(start, n int, dst []float32) error {
	copy(dst, m.x[start*m.size:(start+n)*m.size])
	return nil
}

func writeSplitFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func must(f Fingerprint, err error) Fingerprint {
	if err != nil {
		panic(err)
	}
	return f
}
