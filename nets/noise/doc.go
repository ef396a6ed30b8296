// Package noise holds the input noise of denoising autoencoders: the
// kinds a spec's "noise" field names (gaussian, mask, saltpepper), Parse,
// which reads that field, and the Noise interface the trainer corrupts
// its batches with.
//
//	n, err := noise.Parse("gaussian:0.5")
//	if err != nil { ... }
//	n.Corrupt(rand.New(rand.NewPCG(1, 2)), x) // x now holds noisy inputs
package noise
