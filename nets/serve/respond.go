package serve

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

	"github.com/go-autoencoders/ae/nets"
)

// modelInfo is what GET /v1/models/NAME reports. Its spec has no
// scaling statistics: those, and the checkpoint's path, are there only
// with Options.ExposeStats.
type modelInfo struct {
	Name             string          `json:"name"`
	Checkpoint       string          `json:"checkpoint,omitempty"`
	Spec             nets.Spec       `json:"spec"`
	InputShape       []int           `json:"input_shape"`
	SampleShape      []int           `json:"sample_shape"`
	CodeShape        []int           `json:"code_shape"`
	InstanceShapes   [][]int         `json:"instance_shapes"`
	Scaling          string          `json:"scaling"`
	ScalingStats     *scalingStats   `json:"scaling_stats,omitempty"`
	Loss             string          `json:"loss"`
	Threshold        *float64        `json:"threshold,omitempty"`
	MaxInstances     int             `json:"max_instances"`
	MaxBodyBytes     int64           `json:"max_body_bytes"`
	MaxInflightBytes int64           `json:"max_inflight_bytes"`
	Models           int             `json:"models"`
	VersionStatus    []versionStatus `json:"model_version_status"`
}

// scalingStats are the training statistics of the scaling, per feature.
type scalingStats struct {
	Min  []float32 `json:"min,omitempty"`
	Max  []float32 `json:"max,omitempty"`
	Mean []float32 `json:"mean,omitempty"`
	Std  []float32 `json:"std,omitempty"`
}

// versionStatus is TensorFlow Serving's model status entry.
type versionStatus struct {
	Version string   `json:"version"`
	State   string   `json:"state"`
	Status  statusOK `json:"status"`
}

type statusOK struct {
	ErrorCode    string `json:"error_code"`
	ErrorMessage string `json:"error_message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	writeBody(w, status, append(b, '\n'))
}

func writeBody(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// writeError answers {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writePredictions answers {"predictions": [...]} with one entry a row of
// vals, each nested in shape (flat when shape has one dimension). Values
// are written as float32, exactly.
func writePredictions(w http.ResponseWriter, vals []float32, shape []int) {
	per := 1
	for _, d := range shape {
		per *= d
	}
	b := make([]byte, 0, 16+len(vals)*12)
	b = append(b, `{"predictions":[`...)
	for r := 0; r*per < len(vals); r++ {
		if r > 0 {
			b = append(b, ',')
		}
		b = appendNested(b, vals[r*per:(r+1)*per], shape)
	}
	b = append(b, "]}\n"...)
	writeBody(w, http.StatusOK, b)
}

// appendNested writes v as nested arrays of shape.
func appendNested(b []byte, v []float32, shape []int) []byte {
	b = append(b, '[')
	if len(shape) <= 1 {
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFloat(b, float64(x), 32)
		}
		return append(b, ']')
	}
	step := len(v) / shape[0]
	for i := range shape[0] {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNested(b, v[i*step:(i+1)*step], shape[1:])
	}
	return append(b, ']')
}

// appendFloat writes x in the shortest form that reads back exactly at
// the given bit size. JSON has no NaN or Inf, so those would be null, but
// the handler answers 422 to a result that has one before it gets here.
func appendFloat(b []byte, x float64, bits int) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, x, 'g', -1, bits)
}

// writeScores answers {"predictions": [scores]}, with the threshold and
// {"anomalies": [bools]} when there is one.
func writeScores(w http.ResponseWriter, scores []float64, threshold *float64) {
	b := make([]byte, 0, 32+len(scores)*24)
	b = append(b, `{"predictions":[`...)
	for i, s := range scores {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, s, 64)
	}
	b = append(b, ']')
	if threshold != nil {
		b = append(b, `,"threshold":`...)
		b = appendFloat(b, *threshold, 64)
		b = append(b, `,"anomalies":[`...)
		for i, s := range scores {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendBool(b, s > *threshold)
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	writeBody(w, http.StatusOK, b)
}
