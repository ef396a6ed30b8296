package viz

import (
	"fmt"
	"image"
)

// FilterMatrix draws the weights of a dense first layer on data that are
// no images, n units into w features each, as one heat map of n rows and w
// columns, stretched to its own range and enlarged so that its short side
// is at least 64 pixels and its long side at most 2048 where it can be.
func FilterMatrix(weights []float32, n, w int) (image.Image, error) {
	if n <= 0 || w <= 0 {
		return nil, fmt.Errorf("viz: filter matrix of %d units and %d features", n, w)
	}
	zoom := max(1, min((64+min(n, w)-1)/min(n, w), 2048/max(n, w)))
	return Tiles(weights, 1, n, w, 1, zoom, PerTile)
}

// filtersPicture draws filters.png: n filters of h×w weights as tiles,
// or, for a dense layer on data that are no images (one row of weights
// per unit), all of them as one units×features heat map.
func filtersPicture(tiles []float32, n, h, w int, image bool) (image.Image, error) {
	if !image && h == 1 {
		return FilterMatrix(tiles, n, w)
	}
	return Filters(tiles, n, h, w)
}
