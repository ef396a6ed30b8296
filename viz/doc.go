// Package viz draws the pictures the autoencoder tutorials end with:
// digits above their reconstructions, learned filters, codes as images, and
// loss curves. Every function returns an image.Image, so that a program can
// save it with SavePNG and a notebook can display it.
//
// Pixel values are float32 rows of images, as the rest of the module keeps
// them. Tiles are drawn in gray, black for the smallest value and white for
// the largest: in [0, 1] for pixels (Fixed), or stretched to each tile's
// own range (PerTile), as matplotlib's imshow does for filters and codes.
package viz
