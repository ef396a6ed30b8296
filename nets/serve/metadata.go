package serve

import "strconv"

// metadata is what GET /v1/models/NAME/metadata reports: TensorFlow
// Serving's answer, a signature_def for each route.
type metadata struct {
	ModelSpec modelSpec    `json:"model_spec"`
	Metadata  signatureSet `json:"metadata"`
}

type modelSpec struct {
	Name          string `json:"name"`
	SignatureName string `json:"signature_name"`
	Version       string `json:"version"`
}

type signatureSet struct {
	SignatureDef struct {
		SignatureDef map[string]signature `json:"signature_def"`
	} `json:"signature_def"`
}

type signature struct {
	Inputs     map[string]tensorInfo `json:"inputs"`
	Outputs    map[string]tensorInfo `json:"outputs"`
	MethodName string                `json:"method_name"`
}

type tensorInfo struct {
	Dtype       string      `json:"dtype"`
	TensorShape tensorShape `json:"tensor_shape"`
	Name        string      `json:"name"`
}

type tensorShape struct {
	Dim         []dim `json:"dim"`
	UnknownRank bool  `json:"unknown_rank"`
}

// dim is one dimension; its size is a string, as protobuf's JSON writes
// an int64, and -1 for the batch.
type dim struct {
	Size string `json:"size"`
	Name string `json:"name"`
}

// tensor describes a batch of values of the given shape.
func tensor(name, dtype string, shape []int) tensorInfo {
	t := tensorInfo{Dtype: dtype, Name: name + ":0", TensorShape: tensorShape{Dim: []dim{{Size: "-1"}}}}
	for _, d := range shape {
		t.TensorShape.Dim = append(t.TensorShape.Dim, dim{Size: strconv.Itoa(d)})
	}
	return t
}

// newMetadata describes the routes :encode, :reconstruct and :score of a
// model whose samples have the input shape and codes the code shape;
// :score says which samples are anomalies when there is a threshold.
func newMetadata(name string, input, code []int, threshold bool) metadata {
	x := map[string]tensorInfo{"x": tensor("x", "DT_FLOAT", input)}
	out := func(name, dtype string, shape []int) map[string]tensorInfo {
		return map[string]tensorInfo{name: tensor(name, dtype, shape)}
	}
	const predict = "tensorflow/serving/predict"
	score := out("score", "DT_DOUBLE", nil)
	if threshold {
		score["anomaly"] = tensor("anomaly", "DT_BOOL", nil)
	}
	m := metadata{ModelSpec: modelSpec{Name: name, Version: "1"}}
	m.Metadata.SignatureDef.SignatureDef = map[string]signature{
		"encode":      {Inputs: x, Outputs: out("code", "DT_FLOAT", code), MethodName: predict},
		"reconstruct": {Inputs: x, Outputs: out("reconstruction", "DT_FLOAT", input), MethodName: predict},
		"score":       {Inputs: x, Outputs: score, MethodName: predict},
	}
	return m
}
