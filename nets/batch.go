package nets

// InferenceRows is the most rows Encode, Reconstruct and AnomalyScores
// run at once: callers that gather rows into batches (cmd's cli.Batch,
// package pipeline) use it, so that a batch is one chunk.
const InferenceRows = chunkRows
