// Package viz draws the pictures the autoencoder tutorials end with:
// digits above their reconstructions, learned filters, codes as images,
// loss curves with the loss's terms, a denoiser's noisy inputs and
// outputs, a variational autoencoder's codes in the plane and the manifold
// its decoder draws, and the reconstructions of tabular data feature by
// feature. Every function returns an image.Image, so that a program can
// save it with SavePNG and a notebook can display it; ModelPictures draws
// all those that apply to a trained model.
//
// Pixel values are float32 rows of images, as the rest of the module keeps
// them, channels first: (C, H, W) with C = 1 (gray) or 3 (RGB). Tiles are
// drawn black for the smallest value and white for the largest: in [0, 1]
// for pixels (Fixed), or stretched to each tile's own range (PerTile), as
// matplotlib's imshow does for filters and codes.
//
// The package depends on no other package of the module: a model is seen
// through the small Model interface, which *nets.Autoencoder satisfies.
package viz
