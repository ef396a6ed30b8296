package pipeline

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// The DoFns and element types are registered, so that the pipelines run
// on portable runners (Prism, Flink, Spark, Dataflow), whose workers
// rebuild the DoFns by name.
func init() {
	register.DoFn3x1[context.Context, string, func(string), error](&matchFn{})
	register.DoFn3x1[context.Context, string, func(Row), error](&readFn{})
	register.DoFn3x1[context.Context, Row, func(Scored), error](&scoreFn{})
	register.DoFn3x1[context.Context, Row, func(Encoded), error](&encodeFn{})
	register.DoFn3x1[context.Context, Row, func(Scored), error](&scoreKeyFn{})
	register.DoFn3x1[context.Context, Scored, func(shardInfo), error](&writeScoresFn{})
	register.DoFn3x1[context.Context, Encoded, func(shardInfo), error](&writeCodesFn{})
	register.DoFn3x1[context.Context, int, func(*shardInfo) bool, error](&finalizeFn{})
	register.DoFn1x2[Row, string, Row](&keyFn{})
	register.DoFn4x1[context.Context, string, func(*Row) bool, func(KeySummary), error](&trainFn{})
	register.DoFn3x1[context.Context, int, func(*KeySummary) bool, error](&finalizeModelsFn{})
	register.Emitter1[string]()
	register.Emitter1[Row]()
	register.Emitter1[Scored]()
	register.Emitter1[Encoded]()
	register.Emitter1[shardInfo]()
	register.Emitter1[KeySummary]()
	register.Iter1[shardInfo]()
	register.Iter1[Row]()
	register.Iter1[KeySummary]()
	for _, t := range []any{Row{}, Scored{}, Encoded{}, shardInfo{}, KeySummary{}} {
		beam.RegisterType(typeOf(t))
	}
}

// typeOf returns the reflect.Type of v.
func typeOf(v any) reflect.Type { return reflect.TypeOf(v) }
