// Package pipeline holds the Apache Beam transforms of the framework:
// encoding and scoring rows with a trained autoencoder, and training
// and scoring one autoencoder per key, on any Beam runner: Prism, in
// process (the default of cmd/pipeline), Flink, Spark or Dataflow.
//
//	rows := pipeline.ReadRows(s, "data/*.csv", pipeline.ReadOptions{})
//	scored := pipeline.Score(s, rows, pipeline.ScoreOptions{Checkpoint: "gs://b/best.safetensors", Threshold: 0.02})
//	pipeline.WriteScores(s, scored, pipeline.Sink{Prefix: "out/scores", Format: "csv", Temp: "out/scores.tmp-1"})
//
// Rows come from CSV, .npy and Parquet shards matched by a file pattern
// on any Beam file system; each shard is read by data.Open, the reader of
// the single-process commands, so a row reads the same in both. The
// DoFns load the checkpoint once per worker, in Setup; they gather the
// rows of a bundle into batches of cli's 256 rows and score or encode
// whole batches with the library's own functions (nets.Autoencoder's
// Scale, AnomalyScores and Encode), as cmd/score and cmd/encode do, so
// the scores and codes are those of the commands, bit for bit.
//
// The outputs are written as Beam's file sinks write them: each bundle
// writes a temporary shard, and a final step renames the shards of the
// successful bundles into place and then writes PREFIX_SUCCESS, which
// lists them. A run that fails leaves no marker, and the marker of an
// earlier run is removed before any shard is replaced.
//
// Package pipeline imports Beam; the core packages (graph, nets, train,
// data) and the other commands do not, and a test checks it.
package pipeline
