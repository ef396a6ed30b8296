package graph

import (
	"runtime"
	"sync"
	"weak"

	"gorgonia.org/gorgonia"
)

// graphs maps every Gorgonia graph made by New to its Graph, so that a
// layer that is given only a node, like Dropout, finds its graph's mode and
// random source. It is a registry, the one kind of package state this
// package keeps: its entries hold weak pointers and go away with their
// Graph.
var graphs = struct {
	sync.Mutex
	m map[weak.Pointer[gorgonia.ExprGraph]]weak.Pointer[Graph]
}{m: map[weak.Pointer[gorgonia.ExprGraph]]weak.Pointer[Graph]{}}

func register(g *Graph) {
	key := weak.Make(g.ExprGraph)
	graphs.Lock()
	graphs.m[key] = weak.Make(g)
	graphs.Unlock()
	runtime.AddCleanup(g, func(key weak.Pointer[gorgonia.ExprGraph]) {
		graphs.Lock()
		delete(graphs.m, key)
		graphs.Unlock()
	}, key)
}

// graphOf returns the Graph whose Gorgonia graph holds n, or nil if n
// belongs to a graph that New did not make.
func graphOf(n *gorgonia.Node) *Graph {
	if n == nil || n.Graph() == nil {
		return nil
	}
	graphs.Lock()
	defer graphs.Unlock()
	return graphs.m[weak.Make(n.Graph())].Value()
}
