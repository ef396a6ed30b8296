package nets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// checkKeys checks the keys of the JSON objects in b against the json
// names of the fields of t's structs, exactly: encoding/json matches keys
// without regard to case, so that "UNITS" would set Units, or override
// "units" given beside it, in silence. An unknown key, one that differs
// from its field's name in case only, and a key given twice are
// *SpecErrors naming the layer and the key. Syntax errors are left to the
// decoder, which gives their line.
//
// With zeros, a field whose zero value stands for its default (epochs,
// batch, stride, padding, size, ...; zeroMeansDefault) given as 0 or ""
// is an error too: a spec the user writes says the default by leaving the
// field out, while checkpoints, which older versions wrote, keep theirs.
func checkKeys(b []byte, t reflect.Type, zeros bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	w := walker{dec: dec, zeros: zeros}
	err := w.walkKeys(t, place{layer: -1})
	var se *SpecError
	if errors.As(err, &se) {
		return err
	}
	return nil
}

// place is where a value lies in a spec: the fields of a layer (part and
// layer), or of the spec itself (layer -1), path leading to nested ones.
type place struct {
	part  string
	layer int
	path  string // such as `scale.`
}

func (p place) err(key string, err error) error {
	return &SpecError{Part: p.part, Layer: p.layer, Field: p.path + strconv.Quote(key), Err: err}
}

// field is the place of the value of key.
func (p place) field(key string) place {
	p.path += key + "."
	return p
}

// elem is the place of the i-th element of the list at p: the layers of
// "encoder" and "decoder" are named by their index.
func (p place) elem(i int) place {
	if p.part == "" && (p.path == "encoder." || p.path == "decoder.") {
		return place{part: strings.TrimSuffix(p.path, "."), layer: i}
	}
	p.path = strings.TrimSuffix(p.path, ".") + "[" + strconv.Itoa(i) + "]."
	return p
}

// zeroMeansDefault are, for each struct of a spec, the fields whose zero
// value means a default, and what their absence gives.
var zeroMeansDefault = map[reflect.Type]map[string]string{
	reflect.TypeFor[Spec](): {
		"epochs": fmt.Sprint(DefaultEpochs), "batch": fmt.Sprint(DefaultBatch), "lr": "the optimizer's",
		"beta": "1", "loss": "bce", "output": "the last layer's activation",
	},
	reflect.TypeFor[Layer](): {"stride": "1", "padding": "same", "size": "2"},
}

// walker walks the values of a JSON spec (checkKeys).
type walker struct {
	dec   *json.Decoder
	zeros bool // refuse an explicit zero where it means a default
}

// walkKeys reads the next value from dec, checking the keys of its
// objects against t.
func (w walker) walkKeys(t reflect.Type, at place) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	return w.walkValue(tok, t, at)
}

// walkValue checks the value that starts with tok, read from dec.
func (w walker) walkValue(tok json.Token, t reflect.Type, at place) error {
	dec := w.dec
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	d, ok := tok.(json.Delim)
	switch {
	case !ok:
		return nil // a scalar
	case d == '{' && t.Kind() == reflect.Struct:
		return w.walkObject(t, at)
	case d == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for i := 0; dec.More(); i++ {
			if err := w.walkKeys(t.Elem(), at.elem(i)); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	}
	return skipValue(dec) // of another type, which the decoder reports
}

// walkObject checks the keys of an object, whose '{' has been read,
// against the fields of struct t.
func (w walker) walkObject(t reflect.Type, at place) error {
	dec := w.dec
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		f, err := jsonField(t, key)
		if err != nil {
			return at.err(key, err)
		}
		if seen[key] {
			return at.err(key, errors.New("given twice"))
		}
		seen[key] = true
		val, err := dec.Token()
		if err != nil {
			return err
		}
		if err := w.checkZero(t, key, val, at); err != nil {
			return err
		}
		if err := w.walkValue(val, f.Type, at.field(key)); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// checkZero refuses, when w.zeros, a key of struct t given the zero
// value, 0 or "", where that means the key's default.
func (w walker) checkZero(t reflect.Type, key string, val json.Token, at place) error {
	def, ok := zeroMeansDefault[t][key]
	if !w.zeros || !ok {
		return nil
	}
	switch v := val.(type) {
	case json.Number:
		if f, err := v.Float64(); err != nil || f != 0 {
			return nil
		}
	case string:
		if v != "" {
			return nil
		}
	default:
		return nil
	}
	return at.err(key, fmt.Errorf("an explicit %v is not a value; leave %q out for the default (%s)", jsonText(val), key, def))
}

// jsonText writes a scalar token as JSON writes it.
func jsonText(tok json.Token) string {
	if s, ok := tok.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(tok)
}

// jsonField returns the field of struct t whose json name is key, exactly.
func jsonField(t reflect.Type, key string) (reflect.StructField, error) {
	var near string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f, nil
		}
		if strings.EqualFold(name, key) {
			near = name
		}
	}
	if near != "" {
		return reflect.StructField{}, fmt.Errorf("unknown field (did you mean %q?)", near)
	}
	return reflect.StructField{}, errors.New("unknown field")
}

// skipValue reads the rest of an object or list whose opening delimiter
// has been read.
func skipValue(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}
