// Package serve puts a trained autoencoder behind HTTP, in the REST shape
// of TensorFlow Serving:
//
//	POST /v1/models/ae:encode       {"instances": [[...], ...]} -> {"predictions": codes}
//	POST /v1/models/ae:reconstruct  {"instances": [[...], ...]} -> {"predictions": reconstructions}
//	POST /v1/models/ae:score        {"instances": [[...], ...]} -> {"predictions": scores}
//	GET  /v1/models/ae              the model: spec, shapes, scaling, threshold
//	GET  /v1/models/ae/metadata     TensorFlow Serving's signature_def: names, dtypes, shapes
//	GET  /healthz                   {"status": "ok"}
//
// Instances are raw samples, in the units of the data the model was
// trained on: the checkpoint's scaling is applied to them, and
// reconstructions come back in the same raw units. A [Handler] is an
// http.Handler, so a Go service can mount it:
//
//	h, err := serve.New("runs/dense/best.safetensors", serve.Options{})
//	if err != nil { ... }
//	defer h.Close()
//	http.ListenAndServe("127.0.0.1:8080", h)
//
// A net is not safe for concurrent use, so the handler keeps a pool of
// copies loaded from the same checkpoint, and each request borrows one;
// there is no lock around inference. Every bad request (a body that is not
// JSON or too large, a sample of the wrong shape, a value that is not a
// finite float32, an unknown route or method) gets a 4xx status and a body
// {"error": "..."}; a result that overflows (an instance too large for the
// model) is a 422, never a null in the predictions. The request bodies
// held at once are bounded (Options.MaxInflightBytes): past the bound a
// request gets 429 with Retry-After. With Options.Token every route but
// /healthz wants a bearer token (401 without). The model's description
// shows the checkpoint's path and the scaling's training statistics only
// with Options.ExposeStats; its JSON keys are all lower snake case.
package serve
