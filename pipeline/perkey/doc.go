// Package perkey trains the autoencoder of one key (a machine, a
// customer, a sensor) on that key's rows, as cmd/train would on a file
// of them: the one place the per-key rule lives, used by the Beam
// transform pipeline.TrainPerKey and usable without Beam (notebook 12).
//
//	res, err := perkey.Train(ctx, "pump-7", rows, perkey.Options{Layers: []int{16, 4}, Seed: 1}, dir, log)
//
// Key K trains with the seed Seed(K, seed): the 64-bit FNV-1a hash of
// K XOR seed, so that cmd/train -seed Seed(K, seed) on K's rows, in the
// same order, trains the same weights, bit for bit. Its files are named
// File(K). Package perkey does not import Beam.
package perkey
