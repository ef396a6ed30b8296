package cli

// Every command reads Parquet files (-data x.parquet): package
// data/parquet registers its reader with data.Open.
import _ "github.com/go-autoencoders/ae/data/parquet"
