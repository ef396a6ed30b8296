package viz

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
)

// fill returns n images of c×h×w values, image i filled with v(i).
func fill(n, size int, v func(i int) float32) []float32 {
	out := make([]float32, n*size)
	for i := range out {
		out[i] = v(i / size)
	}
	return out
}

func grayAt(t *testing.T, img image.Image, x, y int) uint8 {
	t.Helper()
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

func TestDenoisedRowOrder(t *testing.T) {
	// noisy all 1, reconstructions 0.5, clean 0: 2 images of 3x4 at zoom 2
	const n, h, w = 2, 3, 4
	noisy := fill(n, h*w, func(int) float32 { return 1 })
	recon := fill(n, h*w, func(int) float32 { return 0.5 })
	clean := fill(n, h*w, func(int) float32 { return 0 })
	img, err := Denoised(noisy, recon, clean, n, h, w)
	if err != nil {
		t.Fatal(err)
	}
	// each row: gap 2, tiles of 6 high, gap 2 → 10; three rows stacked
	if b := img.Bounds(); b.Dx() != 2*4*2+3*2 || b.Dy() != 3*(3*2+2*2) {
		t.Fatalf("size %v, want 22x30", b)
	}
	for row, want := range []uint8{255, 128, 0} {
		y := row*10 + 2 + 3 // inside the first tile of the row
		for _, x := range []int{2, 9, 12, 19} {
			if got := grayAt(t, img, x, y); got != want {
				t.Errorf("row %d, x=%d: gray %d, want %d", row, x, got, want)
			}
		}
	}
	if _, err := Denoised(noisy, recon[:5], clean, n, h, w); err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("short reconstructions: err %v, want one naming row 2", err)
	}
	if _, err := Denoised(noisy, recon, clean, 0, h, w); err == nil {
		t.Error("n=0 was accepted")
	}
}

func TestColourTiles(t *testing.T) {
	// one image of 3 planes 1x2: red plane (1, 0), green (0, 1), blue (0.5, 0.5)
	x := []float32{1, 0, 0, 1, 0.5, 0.5}
	img, err := ReconstructionsCHW(x, x, 1, 3, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		t.Fatalf("a colour reconstruction is a %T, want *image.RGBA", img)
	}
	for _, tc := range []struct {
		x, y int
		want color.RGBA
	}{
		{2, 2, color.RGBA{255, 0, 128, 255}},                 // first pixel, top row
		{4, 3, color.RGBA{0, 255, 128, 255}},                 // second pixel
		{4, 2 + 2 + 2 + 2 + 1, color.RGBA{0, 255, 128, 255}}, // the bottom row's second pixel
		{0, 0, color.RGBA{255, 255, 255, 255}},               // the border
	} {
		if got := rgba.RGBAAt(tc.x, tc.y); got != tc.want {
			t.Errorf("(%d,%d) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
	gray, err := ReconstructionsCHW(x[:2], x[:2], 1, 1, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := gray.(*image.Gray); !ok {
		t.Errorf("a one-channel reconstruction is a %T, want *image.Gray", gray)
	}
	per, err := TilesCHW([]float32{2, 4, 4, 2, 3, 3}, 1, 3, 1, 2, 1, 1, PerTile)
	if err != nil {
		t.Fatal(err)
	}
	// stretched over the whole image's 2..4: red (0, 255), green (255, 0), blue 128
	if got := per.(*image.RGBA).RGBAAt(1, 1); got != (color.RGBA{0, 255, 128, 255}) {
		t.Errorf("per-tile colour pixel = %v", got)
	}
	if _, err := ReconstructionsCHW(x, x, 1, 2, 1, 1); err == nil {
		t.Error("two channels were accepted")
	}
}

func TestManifold(t *testing.T) {
	const n, h, w = 3, 2, 2
	var got []float32
	// each cell's image is constant: its first code value mapped to
	// [0, 1] over [-2, 2]; the second code value in the image's top left
	decode := func(z []float32) ([]float32, error) {
		got = append([]float32(nil), z...)
		out := make([]float32, 0, len(z)/2*h*w)
		for k := 0; k < len(z)/2; k++ {
			v := (z[2*k] + 2) / 4
			out = append(out, (z[2*k+1]+2)/4, v, v, v)
		}
		return out, nil
	}
	img, err := Manifold(decode, n, 0.05, 0.95, h, w)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != n*w || b.Dy() != n*h {
		t.Fatalf("size %v, want %dx%d", b, n*w, n*h)
	}
	q := NormalQuantile(0.95)
	if math.Abs(q-1.6448536269514722) > 1e-12 || math.Abs(NormalQuantile(0.05)+q) > 1e-12 || NormalQuantile(0.5) != 0 {
		t.Fatalf("NormalQuantile(0.95) = %v, want scipy's 1.6448536269514722", q)
	}
	grid := []float64{-q, 0, q}
	if len(got) != 2*n*n {
		t.Fatalf("decode got %d values, want %d", len(got), 2*n*n)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			k := i*n + j
			z0, z1 := float64(got[2*k]), float64(got[2*k+1])
			if math.Abs(z0-grid[j]) > 1e-6 || math.Abs(z1-grid[n-1-i]) > 1e-6 {
				t.Errorf("cell (%d,%d): code (%.4f, %.4f), want (%.4f, %.4f)", i, j, z0, z1, grid[j], grid[n-1-i])
			}
			// the cell's right-hand pixels show z0, its top left z1
			want0 := gray(float32((grid[j]+2)/4), 0, 1)
			want1 := gray(float32((grid[n-1-i]+2)/4), 0, 1)
			if g := grayAt(t, img, j*w+1, i*h+1); g != want0 {
				t.Errorf("cell (%d,%d): gray %d, want %d", i, j, g, want0)
			}
			if g := grayAt(t, img, j*w, i*h); g != want1 {
				t.Errorf("cell (%d,%d) top left: gray %d, want %d", i, j, g, want1)
			}
		}
	}
	for name, tc := range map[string]struct {
		n      int
		lo, hi float64
		decode func([]float32) ([]float32, error)
	}{
		"one cell":       {1, 0.05, 0.95, decode},
		"lo above hi":    {3, 0.9, 0.1, decode},
		"probability 1":  {3, 0.05, 1, decode},
		"decoder fails":  {3, 0.05, 0.95, func([]float32) ([]float32, error) { return nil, errors.New("boom") }},
		"too few values": {3, 0.05, 0.95, func(z []float32) ([]float32, error) { return make([]float32, 5), nil }},
	} {
		if _, err := Manifold(tc.decode, tc.n, tc.lo, tc.hi, h, w); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// clusters returns 3 clusters of m codes of dim values around distinct
// centres along the first axis, labelled "a", "b", "c" in turn.
func clusters(m, dim int) ([]float32, []string) {
	var codes []float32
	var labels []string
	for i := 0; i < 3*m; i++ {
		c := i % 3
		for d := 0; d < dim; d++ {
			v := float32(0.1 * math.Sin(float64(i*dim+d)))
			if d == 0 {
				v += float32(10 * c)
			}
			if d == 1 {
				v += float32(2 * c * c)
			}
			codes = append(codes, v)
		}
		labels = append(labels, string(rune('a'+c)))
	}
	return codes, labels
}

func TestLatentPlane(t *testing.T) {
	codes, labels := clusters(20, 2)
	img, err := LatentPlane(codes, 2, labels, "three clusters")
	if err != nil {
		t.Fatal(err)
	}
	counts := colourCounts(img)
	for i := 0; i < 3; i++ {
		if counts[Palette[i]] < 50 {
			t.Errorf("colour %d of the palette covers %d pixels; want the points and legend of class %d", i, counts[Palette[i]], i)
		}
	}
	if counts[Palette[3]] != 0 {
		t.Errorf("a fourth colour for three classes (%d pixels)", counts[Palette[3]])
	}
	if _, err := LatentPlane(codes, 2, nil, "no labels"); err != nil {
		t.Errorf("nil labels: %v", err)
	}
	for name, tc := range map[string]struct {
		codes  []float32
		dim    int
		labels []string
	}{
		"1-D codes":      {codes, 1, nil},
		"ragged codes":   {codes[:5], 2, nil},
		"no codes":       {nil, 2, nil},
		"labels too few": {codes, 2, labels[:3]},
		"NaN":            {[]float32{0, 1, float32(math.NaN()), 2}, 2, nil},
	} {
		if _, err := LatentPlane(tc.codes, tc.dim, tc.labels, name); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func colourCounts(img image.Image) map[color.RGBA]int {
	counts := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	return counts
}

func TestPrincipalAxes(t *testing.T) {
	// points on the line y = 2x in 3-D, with z = 0.1 and a small spread
	// across it: the first axis is (1, 2, 0)/√5
	var rows []float32
	for i := -5; i <= 5; i++ {
		rows = append(rows, float32(i), float32(2*i), 0.1)
		rows = append(rows, float32(i)-0.2, float32(2*i)+0.1, 0.1)
	}
	axes, mean, err := principalAxes(rows, len(rows)/3, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1 / math.Sqrt(5), 2 / math.Sqrt(5), 0}
	for j := range want {
		if math.Abs(axes[0][j]-want[j]) > 1e-3 {
			t.Fatalf("first axis %v, want %v", axes[0], want)
		}
	}
	if math.Abs(mean[2]-0.1) > 1e-6 || math.Abs(mean[0]+0.1) > 1e-6 {
		t.Errorf("mean %v, want (-0.1, 0.05, 0.1)", mean)
	}
	dot := 0.0
	for j := range axes[0] {
		dot += axes[0][j] * axes[1][j]
	}
	if math.Abs(dot) > 1e-9 {
		t.Errorf("the axes are not orthogonal: dot %v", dot)
	}
	// 32-D clusters: projected, the three classes still separate along PC 1
	codes, labels := clusters(10, 32)
	xs, _, err := plane(codes, 30, 32)
	if err != nil {
		t.Fatal(err)
	}
	for i := 3; i < 30; i++ {
		if labels[i] == "a" && math.Abs(xs[i]-xs[0]) > 1 || labels[i] == "c" && math.Abs(xs[i]-xs[0]) < 15 {
			t.Errorf("code %d (%s) at PC 1 = %.2f, code 0 at %.2f", i, labels[i], xs[i], xs[0])
		}
	}
	if _, err := LatentPlane(codes, 32, labels, "32-D"); err != nil {
		t.Error(err)
	}
}

func TestLabelOrder(t *testing.T) {
	classes, index := classesOf([]string{"10", "9", "b", "a", "9", "1"}, 6)
	if strings.Join(classes, " ") != "1 9 10 a b" {
		t.Errorf("classes %v, want numbers by value before words", classes)
	}
	for i, want := range []int{2, 1, 4, 3, 1, 0} {
		if index[i] != want {
			t.Errorf("label %d in class %d, want %d", i, index[i], want)
		}
	}
	if got := LabelNames([]uint8{7, 0, 255}); strings.Join(got, ",") != "7,0,255" {
		t.Errorf("LabelNames = %v", got)
	}
}

func TestLossTerms(t *testing.T) {
	loss, val := []float64{3, 2, 1}, []float64{2.5, math.NaN(), 1.2}
	one, err := LossTerms("vae", loss, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	curve, _ := LossCurve("vae", loss, val)
	if one.Bounds() != curve.Bounds() {
		t.Errorf("without terms: %v, want LossCurve's %v", one.Bounds(), curve.Bounds())
	}
	terms := []Series{{"reconstruction", []float64{2.9, 1.9, 0.9}, []float64{2.4, 1.5, 1.1}}, {"kl", []float64{0.1, 0.1, 0.1}, nil}}
	three, err := LossTerms("vae", loss, val, terms)
	if err != nil {
		t.Fatal(err)
	}
	if b := three.Bounds(); b.Dx() < 3*b.Dy() {
		t.Errorf("three panels in %v; want them in one row", b)
	}
	four, err := LossTerms("sparse", loss, val, append(terms, Series{"l1", []float64{1, 1, 1}, nil}))
	if err != nil {
		t.Fatal(err)
	}
	if b := four.Bounds(); b.Dx() > 2*b.Dy() {
		t.Errorf("four panels in %v; want two rows of two", b)
	}
	if _, err := LossTerms("bad", loss, val, []Series{{"kl", nil, nil}}); err == nil || !strings.Contains(err.Error(), "kl") {
		t.Errorf("an empty term: err %v, want one naming kl", err)
	}
}

func TestFeatures(t *testing.T) {
	x := []float32{0, 1, 0.5, 1, 0, 0.5, 0.2, 0.2, 0.2}
	r := []float32{0, 1, 0.4, 1, 0, 0.7, 0.2, 0.2, 0.2}
	img, err := Features(x, r, 3, 3, []string{"age", "height", "weight"})
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 400 {
		t.Errorf("features picture only %v", b)
	}
	one, err := Features(x, r, 1, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if one.Bounds().Dy() >= img.Bounds().Dy() {
		t.Errorf("one row drawn as tall (%v) as three (%v)", one.Bounds(), img.Bounds())
	}
	for name, tc := range map[string]struct {
		x     []float32
		n, d  int
		names []string
	}{
		"short input": {x[:4], 3, 3, nil},
		"names":       {x, 3, 3, []string{"a"}},
		"no features": {x, 3, 0, nil},
		"NaN":         {[]float32{float32(math.NaN()), 0, 0}, 1, 3, nil},
	} {
		if _, err := Features(tc.x, r, tc.n, tc.d, tc.names); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestMSEPerFeature(t *testing.T) {
	// errors (0, 0, -0.1) and (0, 0, 0.2) over two rows: MSE (0, 0, 0.025)
	x := []float32{0, 1, 0.5, 1, 0, 0.5}
	r := []float32{0, 1, 0.4, 1, 0, 0.7}
	got := featureMSE(x, r, 2, 3)
	for f, want := range []float64{0, 0, 0.025} {
		if math.Abs(got[f]-want) > 1e-7 {
			t.Errorf("feature %d: MSE %v, want %v", f, got[f], want)
		}
	}
}

func TestPNGRoundTrip(t *testing.T) {
	x := fill(2, 3*2*2, func(i int) float32 { return float32(i) / 2 })
	img, err := ReconstructionsCHW(x, x, 2, 3, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodePNG(img)
	if err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if back.Bounds() != img.Bounds() {
		t.Fatalf("bounds %v, wrote %v", back.Bounds(), img.Bounds())
	}
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if color.RGBAModel.Convert(back.At(x, y)) != color.RGBAModel.Convert(img.At(x, y)) {
				t.Fatalf("pixel (%d,%d) read back %v, wrote %v", x, y, back.At(x, y), img.At(x, y))
			}
		}
	}
}
