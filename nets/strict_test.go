package nets_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// badSpecs are specs each with one mistake that used to pass silently, and
// the one-line error that must name it: its layer and field.
var badSpecs = []struct {
	name, json string
	part       string
	layer      int
	field      string
	want       string
}{
	{"negative stride", `{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":4,"kernel":3,"activation":"relu"},{"type":"conv2d","filters":4,"kernel":3,"stride":-2}],"decoder":[{"type":"conv2d_transpose","kernel":3,"stride":2,"activation":"sigmoid"}]}`,
		"encoder", 1, "stride", "encoder layer 1, stride: must be in [1, 65536], got -2"},
	{"negative transposed stride", `{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":4,"kernel":3}],"decoder":[{"type":"conv2d_transpose","kernel":3,"stride":-1,"activation":"sigmoid"}]}`,
		"decoder", 0, "stride", "decoder layer 0, stride: must be in [1, 65536], got -1"},
	{"negative epochs", `{"input":[4],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}],"epochs":-3,"batch":8}`,
		"", -1, "epochs", `epochs: must be positive (or absent for 50), got -3`},
	{"negative batch", `{"input":[4],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}],"epochs":3,"batch":-1}`,
		"", -1, "batch", `batch: must be positive (or absent for 256), got -1`},
	{"key in capitals", `{"input":[4],"encoder":[{"type":"dense","units":2,"UNITS":3}],"decoder":[{"type":"dense","activation":"sigmoid"}]}`,
		"encoder", 0, `"UNITS"`, `encoder layer 0, "UNITS": unknown field (did you mean "units"?)`},
	{"key in another case", `{"input":[4],"Encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}]}`,
		"", -1, `"Encoder"`, `"Encoder": unknown field (did you mean "encoder"?)`},
	{"unknown key", `{"input":[4],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid","filter":3}]}`,
		"decoder", 0, `"filter"`, `decoder layer 0, "filter": unknown field`},
	{"key twice", `{"input":[4],"encoder":[{"type":"dense","units":2},{"type":"dense","units":2,"units":3}],"decoder":[{"type":"dense","activation":"sigmoid"}]}`,
		"encoder", 1, `"units"`, `encoder layer 1, "units": given twice`},
	{"scaler key in another case", `{"input":[2],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}],"scale":{"kind":"minmax","min":[0,0],"Max":[1,1]}}`,
		"", -1, `scale."min"`, `scale."min": unknown field (did you mean "Min"?)`},
	{"explicit zero epochs", `{"input":[4],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}],"epochs":0,"batch":0}`,
		"", -1, `"epochs"`, `"epochs": an explicit 0 is not a value; leave "epochs" out for the default (50)`},
	{"explicit zero batch", `{"input":[4],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}],"batch":0.0}`,
		"", -1, `"batch"`, `"batch": an explicit 0.0 is not a value; leave "batch" out for the default (256)`},
	{"explicit zero stride", `{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":4,"kernel":3,"stride":0}],"decoder":[{"type":"conv2d_transpose","kernel":3,"activation":"sigmoid"}]}`,
		"encoder", 0, `"stride"`, `encoder layer 0, "stride": an explicit 0 is not a value; leave "stride" out for the default (1)`},
	{"empty padding", `{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":4,"kernel":3}],"decoder":[{"type":"conv2d_transpose","kernel":3,"padding":"","activation":"sigmoid"}]}`,
		"decoder", 0, `"padding"`, `decoder layer 0, "padding": an explicit "" is not a value; leave "padding" out for the default (same)`},
	{"zero pool size", `{"input":[1,8,8],"encoder":[{"type":"maxpool2d","size":0}],"decoder":[{"type":"upsample2d"},{"type":"conv2d","kernel":3,"activation":"sigmoid"}]}`,
		"encoder", 0, `"size"`, `encoder layer 0, "size": an explicit 0 is not a value; leave "size" out for the default (2)`},
}

// TestCheckpointZeros: a checkpoint's spec, which an older version may
// have written with explicit zeros, still loads with them (SpecOf), as
// the defaults they stand for.
func TestCheckpointZeros(t *testing.T) {
	j := `{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":4,"kernel":3,"stride":0,"padding":""},{"type":"maxpool2d","size":0}],` +
		`"decoder":[{"type":"upsample2d"},{"type":"conv2d","kernel":3,"activation":"sigmoid"}],"epochs":0,"batch":0,"lr":0,"loss":""}`
	s, err := nets.SpecOf(j)
	if err == nil {
		err = s.Check()
	}
	if err != nil {
		t.Fatalf("SpecOf: %v", err)
	}
	if e, b := s.TrainingDefaults(); e != nets.DefaultEpochs || b != nets.DefaultBatch {
		t.Errorf("epochs %d, batch %d; want the defaults", e, b)
	}
}

// TestStrictSpecs: each bad spec is a one-line *SpecError naming the layer
// and the field, from ParseSpec or from Check.
func TestStrictSpecs(t *testing.T) {
	for _, c := range badSpecs {
		t.Run(c.name, func(t *testing.T) {
			s, err := nets.ParseSpec([]byte(c.json))
			if err == nil {
				err = s.Check()
			}
			var se *nets.SpecError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T), want a *nets.SpecError", err, err)
			}
			if se.Part != c.part || se.Layer != c.layer || se.Field != c.field || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: part %q layer %d field %s; want part %q layer %d field %s, one line holding %q", err, se.Part, se.Layer, se.Field, c.part, c.layer, c.field, c.want)
			}
		})
	}
	// the same specs written right pass
	for _, j := range []string{
		`{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":4,"kernel":3,"stride":2}],"decoder":[{"type":"conv2d_transpose","kernel":3,"stride":2,"activation":"sigmoid"}],"epochs":3,"batch":8}`,
		`{"input":[2],"encoder":[{"type":"dense","units":2}],"decoder":[{"type":"dense","activation":"sigmoid"}],"scale":{"kind":"minmax","Min":[0,0],"Max":[1,1]}}`,
	} {
		s, err := nets.ParseSpec([]byte(j))
		if err == nil {
			err = s.Check()
		}
		if err != nil {
			t.Errorf("%s: %v", j, err)
		}
	}
}
