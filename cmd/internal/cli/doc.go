// Package cli holds what the commands that put a trained autoencoder to
// work (encode, score, serve, loadtest) share: the data flags of
// cmd/train, exit codes, a progress bar, batches over a data set, NumPy
// output and the summary that cmd/score writes and cmd/serve reads.
package cli
