package nets_test

import (
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// FuzzSpec: any bytes given as a spec are parsed, checked against the data
// shape and, when small enough, built, without a panic.
func FuzzSpec(f *testing.F) {
	for _, name := range nets.Names() {
		s, _ := nets.Named(name)
		s, _ = s.ForData([]int{1, 28, 28})
		j, _ := nets.MarshalSpec(s)
		f.Add([]byte(j))
	}
	f.Add([]byte(`{"input":[5],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}]}`))
	f.Add([]byte(`{"input":[1,4,4],"encoder":[{"type":"maxpool2d","size":9,"padding":"valid"}],"decoder":[{"type":"reshape","shape":[-1]}]}`))
	for _, c := range badSpecs {
		f.Add([]byte(c.json))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := nets.ParseSpec(b)
		if err != nil {
			return
		}
		if n, err := s.Params(); err != nil || n > 1<<16 || size(s.Input) > 1<<16 {
			return // checked and refused, or too large to build here
		}
		if a, err := nets.New(s); err == nil && a.TrainingBytes(2) < 64<<20 {
			a.Summary()
			x := make([]float32, 2*size(a.SampleShape()))
			if _, err := a.Reconstruct(x); err != nil {
				t.Fatalf("a checked spec does not reconstruct: %v\n%s", err, b)
			}
		}
	})
}
