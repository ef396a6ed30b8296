// Package parquet reads Parquet files into data sets with Apache Arrow's
// Go Parquet module (github.com/apache/arrow-go/v18), with the column
// rules of data.ParseCSV. Importing it registers the reader for
// ".parquet" with data.RegisterReader, so that data.Open, and every
// command (cmd/train -data x.parquet), reads Parquet files:
//
//	import _ "github.com/go-autoencoders/ae/data/parquet"
//
// It lives apart from package data so that programs that do not read
// Parquet (the notebooks' interpreter among them, which compiles its
// imports into a plugin) do not compile Arrow and its compressors.
package parquet
