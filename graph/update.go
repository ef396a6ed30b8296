package graph

import "github.com/go-autoencoders/ae/graph/internal/kernels"

// AdamUpdate applies one Adam step to the weights w from their gradient g
// on the package's kernels, updating the first and second moment
// estimates m and v in place: m += (g-m)(1-β1), v += (g²-v)(1-β2),
// w -= lr·m/(√v+ε), lr being the step's bias-corrected rate. The result
// does not depend on the number of threads.
func AdamUpdate(w, g, m, v []float32, lr, beta1, beta2, eps float32) {
	kernels.Adam(w, g, m, v, lr, 1-beta1, 1-beta2, eps)
}
