package main

import (
	"fmt"
	"io"
	"slices"
)

// printSpread prints, per arch and thread count, the least, the median and
// the largest of each ratio to the peer over the runs.
func printSpread(w io.Writer, rows []measured) {
	fmt.Fprintln(w, "\nOver the runs: min / median / max of each ratio")
	fmt.Fprintln(w, "\n| arch | threads | runs | s/epoch Go/PyTorch | reconstruct/s Go/PyTorch | encode/s Go/PyTorch infer/s | RSS Go/PyTorch | reconstruct/s Go/ORT |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	type key struct {
		arch    string
		threads int
	}
	var order []key
	groups := map[key][]measured{}
	for _, m := range rows {
		if m.peer == nil && m.ort == nil {
			continue
		}
		k := key{m.arch, m.threads}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m)
	}
	for _, k := range order {
		g := groups[k]
		peer := func(f func(measured) (float64, float64)) func(measured) (float64, float64) {
			return func(m measured) (float64, float64) {
				if m.peer == nil {
					return 0, 0
				}
				return f(m)
			}
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s | %s |\n", k.arch, k.threads, len(g),
			spread(g, peer(func(m measured) (float64, float64) { return m.ours.Seconds, m.peer.EpochS })),
			spread(g, peer(func(m measured) (float64, float64) { return m.ours.ReconstructPerS, m.peer.InferPerS })),
			spread(g, peer(func(m measured) (float64, float64) { return m.ours.EncodePerS, m.peer.InferPerS })),
			spread(g, peer(func(m measured) (float64, float64) { return m.ours.PeakRSSMB, m.peer.PeakRSSMB })),
			spread(g, func(m measured) (float64, float64) {
				if m.ort == nil {
					return 0, 0
				}
				return m.ours.ReconstructPerS, m.ort.InferPerS
			}))
	}
}

// spread formats the least, median and largest of the ratios a/b that ab
// gives for the rows, skipping rows where either is missing.
func spread(rows []measured, ab func(measured) (float64, float64)) string {
	var rs []float64
	for _, m := range rows {
		if a, b := ab(m); a > 0 && b > 0 {
			rs = append(rs, a/b)
		}
	}
	if len(rs) == 0 {
		return ""
	}
	slices.Sort(rs)
	return fmt.Sprintf("%.2f / %.2f / %.2f", rs[0], median(rs), rs[len(rs)-1])
}
